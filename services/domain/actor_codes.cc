#include "services/domain/actor_codes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/domain/embedded_data.h"
#include "services/domain/tabular_text.h"

namespace chancery::domain {
namespace {

absl::Status TableError(absl::string_view table, const TextRecord& record,
                        absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(table, " line ", record.line, ": ", what));
}

}  // namespace

absl::string_view ActorKindName(ActorKind kind) {
  switch (kind) {
    case ActorKind::kCountry:
      return "country";
    case ActorKind::kRegion:
      return "region";
    case ActorKind::kOrganisation:
      return "organisation";
  }
  return "actor";
}

bool IsActorCodeShape(absl::string_view code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) {
           return absl::ascii_isupper(static_cast<unsigned char>(c));
         });
}

const ActorRegistry& ActorRegistry::Default() {
  static const ActorRegistry* const registry = [] {
    absl::StatusOr<ActorRegistry> built = FromTables({
        embedded::CountryNamesTxt(),
        embedded::PreferredCountryNamesTsv(),
        embedded::AddedCowCodesTsv(),
        embedded::RegionCodesTsv(),
        embedded::OrganisationCodesTsv(),
        embedded::RoleCodesTsv(),
    });
    if (!built.ok()) {
      std::fprintf(stderr, "chancery: the embedded actor tables are invalid: %s\n",
                   built.status().ToString().c_str());
      std::abort();
    }
    return new ActorRegistry(std::move(*built));
  }();
  return *registry;
}

absl::StatusOr<ActorRegistry> ActorRegistry::FromTables(const Tables& tables) {
  ActorRegistry registry;

  // Countries: every kept name maps to its code; a code may have several names.
  constexpr absl::string_view kCountries = "country names";
  std::vector<std::string> country_codes;  // In file order, once each.
  absl::flat_hash_map<std::string, std::vector<std::string>> names_by_code;
  for (const TextRecord& record : ParseTsv(tables.country_names)) {
    if (record.fields.size() < 2) return TableError(kCountries, record, "too few columns");
    const std::string& name = record.fields[0];
    const std::string& code = record.fields[1];
    if (!IsActorCodeShape(code)) continue;  // "---", "USAASM": not a country code.
    if (name.empty()) return TableError(kCountries, record, "empty name");
    auto [it, inserted] = registry.country_by_name_.emplace(name, code);
    if (!inserted && it->second != code) {
      return TableError(kCountries, record,
                        absl::StrCat("\"", name, "\" is listed as ", it->second, " and ", code));
    }
    int cow_code = 0;
    if (record.fields.size() > 2 && absl::SimpleAtoi(record.fields[2], &cow_code) && cow_code > 0) {
      auto [known, added] = registry.country_by_cow_.emplace(cow_code, code);
      if (!added && known->second != code) {
        return TableError(kCountries, record,
                          absl::StrCat("COW code ", cow_code, " is listed as ", known->second,
                                       " and ", code));
      }
    }
    std::vector<std::string>& names = names_by_code[code];
    if (names.empty()) country_codes.push_back(code);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }

  constexpr absl::string_view kAddedCow = "added COW codes";
  for (const TextRecord& record : ParseTsv(tables.added_cow_codes)) {
    if (record.fields.size() < 2) return TableError(kAddedCow, record, "too few columns");
    int cow_code = 0;
    const std::string& code = record.fields[1];
    if (!absl::SimpleAtoi(record.fields[0], &cow_code) || cow_code <= 0) {
      return TableError(kAddedCow, record, "the COW code is not a positive number");
    }
    if (!names_by_code.contains(code)) {
      return TableError(kAddedCow, record, absl::StrCat(code, " is not a listed country"));
    }
    if (!registry.country_by_cow_.emplace(cow_code, code).second) {
      return TableError(kAddedCow, record, absl::StrCat("COW code ", cow_code, " is listed already"));
    }
  }

  constexpr absl::string_view kPreferred = "preferred country names";
  absl::flat_hash_map<std::string, std::string> preferred;
  for (const TextRecord& record : ParseTsv(tables.preferred_country_names)) {
    if (record.fields.size() < 2) return TableError(kPreferred, record, "too few columns");
    const std::string& code = record.fields[0];
    const std::string& name = record.fields[1];
    auto names = names_by_code.find(code);
    if (names == names_by_code.end() || names->second.size() < 2) {
      return TableError(kPreferred, record,
                        absl::StrCat(code, " is not a country code with several names"));
    }
    if (std::find(names->second.begin(), names->second.end(), name) == names->second.end()) {
      return TableError(kPreferred, record,
                        absl::StrCat("\"", name, "\" is not one of the names of ", code));
    }
    if (!preferred.emplace(code, name).second) {
      return TableError(kPreferred, record, absl::StrCat(code, " is listed twice"));
    }
  }
  for (const std::string& code : country_codes) {
    const std::vector<std::string>& names = names_by_code[code];
    std::string name;
    if (names.size() == 1) {
      name = names.front();
    } else if (auto it = preferred.find(code); it != preferred.end()) {
      name = it->second;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          kPreferred, ": ", code, " has several names (\"", names[0], "\", \"", names[1],
          "\") but no preferred one"));
    }
    registry.actors_.push_back({code, std::move(name), ActorKind::kCountry});
  }

  absl::flat_hash_set<std::string> codes(country_codes.begin(), country_codes.end());

  // Regions.
  constexpr absl::string_view kRegions = "region codes";
  for (const TextRecord& record : ParseTsv(tables.region_codes)) {
    if (record.fields.size() < 2) return TableError(kRegions, record, "too few columns");
    const std::string& code = record.fields[0];
    if (!IsActorCodeShape(code)) {
      return TableError(kRegions, record,
                        absl::StrCat("\"", code, "\" is not three upper-case letters"));
    }
    if (record.fields[1].empty()) return TableError(kRegions, record, "empty name");
    if (!codes.insert(code).second) {
      return TableError(kRegions, record,
                        absl::StrCat(code, " is already a country or region code"));
    }
    registry.actors_.push_back({code, record.fields[1], ActorKind::kRegion});
  }

  // Organisations.
  constexpr absl::string_view kOrganisations = "organisation codes";
  std::vector<std::pair<const TextRecord*, std::string>> aliases;  // For checks below.
  const std::vector<TextRecord> organisation_records = ParseTsv(tables.organisation_codes);
  for (const TextRecord& record : organisation_records) {
    if (record.fields.size() < 4) return TableError(kOrganisations, record, "too few columns");
    const std::string& code = record.fields[0];
    const std::string& name = record.fields[1];
    if (!IsActorCodeShape(code)) {
      return TableError(kOrganisations, record,
                        absl::StrCat("\"", code, "\" is not three upper-case letters"));
    }
    if (name.empty()) return TableError(kOrganisations, record, "empty name");
    if (!codes.insert(code).second) {
      return TableError(kOrganisations, record,
                        absl::StrCat(code, " is already a country, region or organisation code"));
    }
    registry.actors_.push_back({code, name, ActorKind::kOrganisation});
    for (absl::string_view alias : absl::StrSplit(record.fields[2], ',', absl::SkipWhitespace())) {
      std::string upper = absl::AsciiStrToUpper(absl::StripAsciiWhitespace(alias));
      if (!registry.organisation_by_alias_.emplace(upper, code).second) {
        return TableError(kOrganisations, record, absl::StrCat("alias ", upper, " is used twice"));
      }
      aliases.emplace_back(&record, std::move(upper));
    }
  }
  for (const auto& [record, alias] : aliases) {
    if (codes.contains(alias)) {
      return TableError(kOrganisations, *record,
                        absl::StrCat("alias ", alias, " is also an actor code"));
    }
  }

  // Roles.
  constexpr absl::string_view kRoles = "role codes";
  for (const TextRecord& record : ParseTsv(tables.role_codes)) {
    if (record.fields.size() < 2) return TableError(kRoles, record, "too few columns");
    const std::string& code = record.fields[0];
    if (!IsActorCodeShape(code)) {
      return TableError(kRoles, record,
                        absl::StrCat("\"", code, "\" is not three upper-case letters"));
    }
    if (!registry.role_index_.emplace(code, 0).second) {
      return TableError(kRoles, record, absl::StrCat(code, " is listed twice"));
    }
    registry.roles_.push_back({code, record.fields[1]});
  }

  std::sort(registry.actors_.begin(), registry.actors_.end(),
            [](const ActorCode& a, const ActorCode& b) { return a.code < b.code; });
  std::sort(registry.roles_.begin(), registry.roles_.end(),
            [](const RoleCode& a, const RoleCode& b) { return a.code < b.code; });
  for (size_t i = 0; i < registry.actors_.size(); ++i) {
    registry.actor_index_[registry.actors_[i].code] = i;
  }
  for (size_t i = 0; i < registry.roles_.size(); ++i) {
    registry.role_index_[registry.roles_[i].code] = i;
  }
  return registry;
}

const ActorCode* ActorRegistry::FindActor(absl::string_view code) const {
  auto it = actor_index_.find(code);
  return it == actor_index_.end() ? nullptr : &actors_[it->second];
}

const RoleCode* ActorRegistry::FindRole(absl::string_view code) const {
  auto it = role_index_.find(code);
  return it == role_index_.end() ? nullptr : &roles_[it->second];
}

absl::string_view ActorRegistry::CountryCodeForName(absl::string_view name) const {
  auto it = country_by_name_.find(name);
  return it == country_by_name_.end() ? absl::string_view() : absl::string_view(it->second);
}

absl::string_view ActorRegistry::CountryCodeForCow(int cow_code) const {
  auto it = country_by_cow_.find(cow_code);
  return it == country_by_cow_.end() ? absl::string_view() : absl::string_view(it->second);
}

const ActorCode* ActorRegistry::FindByAlias(absl::string_view alias) const {
  auto it = organisation_by_alias_.find(absl::AsciiStrToUpper(alias));
  return it == organisation_by_alias_.end() ? nullptr : FindActor(it->second);
}

}  // namespace chancery::domain
