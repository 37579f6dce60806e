// The actor codes Chancery knows: countries, regions, organisations and roles.
//
// An actor's `code` is a country's ISO 3166 alpha-3 code as CAMEO uses it
// ("USA", "KHM"; from data/text_to_CAMEO_countrynames.txt), one of CAMEO's
// international regions ("AFR" Africa, "WST" the West; data/region_codes.tsv)
// or an organisation's CAMEO code ("EEC" for the European Union, "UNO" for the
// United Nations; data/organisation_codes.tsv). Its optional `role` is a CAMEO
// role code ("GOV", "MIL", "OPP"; data/DERIVED_cameo_role_codes_from_manual_ch3.tsv).
// Every code is three upper-case ASCII letters, and lookups are exact: "khm"
// is not found. All tables are embedded in the library (data/PROVENANCE.md).
//
// Example:
//   const ActorRegistry& registry = ActorRegistry::Default();
//   registry.FindActor("KHM")->name;          // "Cambodia"
//   registry.CountryCodeForName("Cambodia");  // "KHM"
//   registry.FindByAlias("EU")->code;         // "EEC"

#ifndef CHANCERY_SERVICES_DOMAIN_ACTOR_CODES_H_
#define CHANCERY_SERVICES_DOMAIN_ACTOR_CODES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::domain {

enum class ActorKind { kCountry, kRegion, kOrganisation };

// ActorKindName: "country", "region" or "organisation".
absl::string_view ActorKindName(ActorKind kind);

// ActorCode is a country, region or organisation that may act in an event.
struct ActorCode {
  std::string code;  // "KHM", "AFR", "EEC".
  std::string name;  // "Cambodia", "Africa", "European Union".
  ActorKind kind = ActorKind::kCountry;
};

// RoleCode is a CAMEO role an actor may have in an event.
struct RoleCode {
  std::string code;         // "GOV".
  std::string description;  // "Government: the executive, governing parties, ...".
};

// kActorCodesAllowed says, for error messages, which actor codes are allowed.
inline constexpr absl::string_view kActorCodesAllowed =
    "a country's ISO 3166 alpha-3 code (USA, KHM, CHN), a CAMEO region code (AFR, EUR, WST) "
    "or an organisation's CAMEO code (EEC for the European Union, UNO for the United Nations)";

// IsActorCodeShape reports whether `code` is three upper-case ASCII letters,
// the form of every actor and role code (known or not).
bool IsActorCodeShape(absl::string_view code);

class ActorRegistry {
 public:
  // The tables an ActorRegistry is built from, in the formats of the files in
  // data/ (see FromTables).
  struct Tables {
    absl::string_view country_names;            // name<TAB>ISO3<TAB>COW code.
    absl::string_view preferred_country_names;  // code<TAB>name; '#' comments.
    absl::string_view added_cow_codes;          // COW code<TAB>code; '#' comments.
    absl::string_view region_codes;             // code<TAB>name; '#' comments.
    absl::string_view organisation_codes;       // code<TAB>name<TAB>aliases<TAB>source.
    absl::string_view role_codes;               // code<TAB>description.
  };

  // Default returns the registry of the embedded tables, built on first use
  // (thread-safe) and never destroyed. The embedded tables are checked by the
  // tests; if they were bad, Default would print why and abort.
  static const ActorRegistry& Default();

  // FromTables builds a registry. Country lines whose code is not three
  // upper-case letters ("NULL ---", "American Samoa USAASM": CAMEO's
  // country+region codes) are skipped, names and all. A country's name is its
  // only name in `country_names`, or its entry in `preferred_country_names`
  // when it has several.
  // Errors: INVALID_ARGUMENT naming the table and line for a line with too
  // few columns, an empty name, a name listed under two codes, a malformed or
  // duplicate region, organisation or role code, a region or organisation
  // code that is also a country code, an alias that is also a code, a preferred name that is not
  // one of the code's names, or a country with several names and no
  // preferred one.
  static absl::StatusOr<ActorRegistry> FromTables(const Tables& tables);

  // FindActor returns the country, region or organisation with `code`, or
  // nullptr.
  const ActorCode* FindActor(absl::string_view code) const;

  // FindRole returns the role with `code`, or nullptr.
  const RoleCode* FindRole(absl::string_view code) const;

  // CountryCodeForName returns the code of the country called `name`, exactly
  // as spelt in text_to_CAMEO_countrynames.txt (case-sensitive; every listed
  // spelling works: "Russia" and "Russian Federation" are both "RUS"), or an
  // empty view when no kept entry has that name. The view lives as long as
  // the registry. ICEWS files name countries this way.
  absl::string_view CountryCodeForName(absl::string_view name) const;

  // CountryCodeForCow returns the code of the country whose Correlates of
  // War state code is `cow_code` (2 -> "USA", 811 -> "KHM"; the third column
  // of text_to_CAMEO_countrynames.txt), or an empty view for a code the table
  // does not map (historical states such as 260, the German Federal
  // Republic). The view lives as long as the registry.
  absl::string_view CountryCodeForCow(int cow_code) const;

  // FindByAlias returns the organisation a common abbreviation stands for
  // ("EU" -> EEC, "nato" -> NAT; case-insensitive), or nullptr. Aliases are
  // not actor codes; this is for telling a user which code to use.
  const ActorCode* FindByAlias(absl::string_view alias) const;

  // actors returns every country, region and organisation in ascending code
  // order.
  const std::vector<ActorCode>& actors() const { return actors_; }

  // roles returns every role in ascending code order.
  const std::vector<RoleCode>& roles() const { return roles_; }

 private:
  ActorRegistry() = default;

  std::vector<ActorCode> actors_;
  std::vector<RoleCode> roles_;
  absl::flat_hash_map<std::string, size_t> actor_index_;  // code -> position in actors_.
  absl::flat_hash_map<std::string, size_t> role_index_;   // code -> position in roles_.
  absl::flat_hash_map<std::string, std::string> country_by_name_;
  absl::flat_hash_map<int, std::string> country_by_cow_;
  absl::flat_hash_map<std::string, std::string> organisation_by_alias_;  // Upper-case alias.
};

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_ACTOR_CODES_H_
