// The Correlates of War Diplomatic Exchange data set (v2006.1 and its
// layout): a CSV with the header "ccode1,ccode2,year,DR_at_1,DR_at_2,DE,
// version" (its names quoted in COW's own file), one row per directed
// dyad-year. DR_at_1 is the level at which
// side 2 is represented at side 1, DR_at_2 that of side 1 at side 2: 0 none,
// 1 chargé d'affaires, 2 minister, 3 ambassador, 9 other (an interests
// section). Each row becomes one observation of representation both ways,
// holding from January 1st of its year.
//
// Every pair appears twice, mirrored ((A,B) and (B,A) of one year agree), so
// an observation is written in the dyad's alphabetical order with an id of
// the dyad and year: the mirror row makes the same observation, which the
// server records once (the second is a duplicate).

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/import_row.h"
#include "services/domain/actor_codes.h"

namespace chancery::cli {
namespace {

enum CowColumn { kCcode1, kCcode2, kYear, kDrAt1, kDrAt2, kCowColumnCount = 7 };

constexpr char kCitationUrl[] = "https://correlatesofwar.org/data-sets/diplomatic-exchange";

// ObservedLevel reads a COW level code.
absl::StatusOr<v1::ObservedRepresentation> ObservedLevel(absl::string_view column,
                                                         absl::string_view text) {
  int code = -1;
  if (absl::SimpleAtoi(text, &code)) {
    switch (code) {
      case 0:
        return v1::OBSERVED_REPRESENTATION_NONE;
      case 1:
        return v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES;
      case 2:
        return v1::OBSERVED_REPRESENTATION_MINISTER;
      case 3:
        return v1::OBSERVED_REPRESENTATION_AMBASSADOR;
      case 9:
        return v1::OBSERVED_REPRESENTATION_OTHER;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat(column, " \"", text,
                   "\" is not a COW level: 0 (none), 1 (chargé d'affaires), 2 (minister), 3 "
                   "(ambassador) or 9 (other)"));
}

absl::StatusOr<std::string> CountryCode(absl::string_view column, absl::string_view text) {
  int cow_code = 0;
  if (!absl::SimpleAtoi(text, &cow_code)) {
    return absl::InvalidArgumentError(
        absl::StrCat(column, " \"", text, "\" is not a COW state code"));
  }
  absl::string_view code = domain::ActorRegistry::Default().CountryCodeForCow(cow_code);
  if (code.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        column, " ", cow_code,
        " is a COW state code with no country code in Chancery's table (a historical state, "
        "or a country text_to_CAMEO_countrynames.txt lists without its COW code)"));
  }
  return std::string(code);
}

// LevelName: "ambassador", for the summary.
const char* LevelName(v1::ObservedRepresentation level) {
  switch (level) {
    case v1::OBSERVED_REPRESENTATION_NONE:
      return "none";
    case v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES:
      return "chargé d'affaires";
    case v1::OBSERVED_REPRESENTATION_MINISTER:
      return "minister";
    case v1::OBSERVED_REPRESENTATION_AMBASSADOR:
      return "ambassador";
    default:
      return "other";
  }
}

class CowParser : public RowParser {
 public:
  ImportRow Parse(absl::string_view line) const override {
    std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    for (absl::string_view& field : fields) {
      if (field.size() >= 2 && field.front() == '"' && field.back() == '"') {
        field = field.substr(1, field.size() - 2);
      }
    }
    if (fields.size() != kCowColumnCount) {
      return ImportRow::Rejected(absl::StrCat("has ", fields.size(),
                                              " columns; COW Diplomatic Exchange rows have 7 "
                                              "(ccode1,ccode2,year,DR_at_1,DR_at_2,DE,version)"));
    }
    absl::StatusOr<std::string> side1 = CountryCode("ccode1", fields[kCcode1]);
    absl::StatusOr<std::string> side2 = CountryCode("ccode2", fields[kCcode2]);
    int year = 0;
    if (!side1.ok()) return ImportRow::Rejected(std::string(side1.status().message()));
    if (!side2.ok()) return ImportRow::Rejected(std::string(side2.status().message()));
    if (*side1 == *side2) {
      return ImportRow::Rejected(absl::StrCat("ccode1 and ccode2 are both ", *side1));
    }
    if (!absl::SimpleAtoi(fields[kYear], &year) || year < 1800 || year > 9999) {
      return ImportRow::Rejected(absl::StrCat("year \"", fields[kYear], "\" is not a year"));
    }
    // DR_at_1: side 2's mission at side 1; DR_at_2: side 1's at side 2.
    absl::StatusOr<v1::ObservedRepresentation> at_1 = ObservedLevel("DR_at_1", fields[kDrAt1]);
    absl::StatusOr<v1::ObservedRepresentation> at_2 = ObservedLevel("DR_at_2", fields[kDrAt2]);
    if (!at_1.ok()) return ImportRow::Rejected(std::string(at_1.status().message()));
    if (!at_2.ok()) return ImportRow::Rejected(std::string(at_2.status().message()));

    const bool side1_first = *side1 < *side2;
    ImportRow row;
    row.kind = ImportRow::Kind::kObservation;
    v1::RepresentationObservation& observation = row.observation;
    observation.set_a_code(side1_first ? *side1 : *side2);
    observation.set_b_code(side1_first ? *side2 : *side1);
    observation.set_a_in_b(side1_first ? *at_2 : *at_1);
    observation.set_b_in_a(side1_first ? *at_1 : *at_2);
    observation.set_observation_id(NameBasedEventId(
        absl::StrCat("cow:", observation.a_code(), ":", observation.b_code(), ":", year)));
    observation.mutable_observe_date()->set_year(year);
    observation.mutable_observe_date()->set_month(1);
    observation.mutable_observe_date()->set_day(1);
    observation.set_summary(absl::StrCat(
        "Correlates of War Diplomatic Exchange, ", year, ": ", observation.a_code(), " in ",
        observation.b_code(), " ", LevelName(observation.a_in_b()), "; ", observation.b_code(),
        " in ", observation.a_code(), " ", LevelName(observation.b_in_a())));
    v1::Citation* citation = observation.add_citations();
    citation->set_publisher("Correlates of War Project");
    citation->set_title("Diplomatic Exchange Data Set, v2006.1 (Bayer 2006)");
    citation->set_url(kCitationUrl);
    return row;
  }
};

}  // namespace

std::unique_ptr<RowParser> NewCowParser() { return std::make_unique<CowParser>(); }

}  // namespace chancery::cli
