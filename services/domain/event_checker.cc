#include "services/domain/event_checker.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/types/optional.h"
#include "services/domain/calendar_date.h"
#include "services/domain/text.h"
#include "services/domain/url.h"
#include "services/domain/uuid.h"

namespace chancery::domain {
namespace {

constexpr absl::string_view kUuidExample = "0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60";
constexpr absl::string_view kCodeExample = "036";

std::string DayString(absl::CivilDay day) { return FormatDate(ToDate(day)); }

// ExampleCode is "036: Express intent to meet or negotiate", from the codebook.
std::string ExampleCode(const CameoCodebook& codebook) {
  const CameoCode* code = codebook.Find(kCodeExample);
  if (code == nullptr && !codebook.codes().empty()) code = &codebook.codes().front();
  return code == nullptr ? std::string() : absl::StrCat(code->code, ": ", code->name);
}

// DescribeBadDate says why `date` is not a calendar date.
std::string DescribeBadDate(const google::type::Date& date) {
  const std::string shown = FormatDate(date);
  if (date.year() == 0 || date.month() == 0 || date.day() == 0) {
    return absl::StrCat(shown, " is not a full date (year, month and day must all be set)");
  }
  if (date.month() == 2 && date.day() == 29 && date.year() >= 1 && date.year() <= 9999) {
    return absl::StrCat(shown, " is not a calendar date (", date.year(), " is not a leap year)");
  }
  return absl::StrCat(shown, " is not a calendar date");
}

// RecordChecker adds the violations of one event or observation, its field
// paths starting with a prefix ("events[3]." or "").
class RecordChecker {
 public:
  RecordChecker(const DomainTables& tables, absl::Time now, Violations& violations)
      : codebook_(*tables.codebook),
        registry_(*tables.registry),
        today_(absl::ToCivilDay(now, absl::UTCTimeZone())),
        latest_(today_ + 1),
        violations_(violations) {}

  void Check(const v1::DiplomaticEvent& event, absl::string_view prefix) {
    prefix_ = std::string(prefix);
    CheckId("event_id", event.event_id());
    CheckDate("occur_date", event.has_occur_date(), event.occur_date(), "the date the event happened");
    CheckActor(event.has_source(), event.source(), "source",
               "the actor who acts, e.g. {code: \"USA\", role: \"GOV\"}");
    CheckActor(event.has_target(), event.target(), "target",
               "the actor acted upon, e.g. {code: \"KHM\", role: \"GOV\"}");
    const CameoCode* code = CheckCameoCode(event.cameo_code());
    CheckGoldstein(event, code);
    CheckQuadClass(event);
    CheckText(event.summary(), kMaxSummaryChars, "summary");
    CheckCitations(event.citations());
  }

  void Check(const v1::RepresentationObservation& observation, absl::string_view prefix) {
    prefix_ = std::string(prefix);
    CheckId("observation_id", observation.observation_id());
    CheckDate("observe_date", observation.has_observe_date(), observation.observe_date(),
              "the date from which the observation holds");
    if (absl::optional<std::string> problem = DescribeActorCode(observation.a_code())) {
      Add("a_code", *std::move(problem));
    }
    if (absl::optional<std::string> problem = DescribeActorCode(observation.b_code())) {
      Add("b_code", *std::move(problem));
    }
    if (!observation.a_code().empty() && observation.a_code() == observation.b_code()) {
      Add("b_code", absl::StrCat(observation.a_code(),
                                 " is a_code too; an observation is between two actors"));
    }
    CheckLevel("a_in_b", observation.a_in_b());
    CheckLevel("b_in_a", observation.b_in_a());
    if (observation.a_in_b() == v1::OBSERVED_REPRESENTATION_UNSPECIFIED &&
        observation.b_in_a() == v1::OBSERVED_REPRESENTATION_UNSPECIFIED) {
      Add("a_in_b", "observe at least one side: set a_in_b, b_in_a or both");
    }
    CheckText(observation.summary(), kMaxSummaryChars, "summary");
    CheckCitations(observation.citations());
  }

 private:
  std::string Path(absl::string_view field) const { return absl::StrCat(prefix_, field); }

  void Add(absl::string_view field, std::string description) {
    violations_.Add(Path(field), std::move(description));
  }

  void CheckId(absl::string_view field, const std::string& id) {
    if (id.empty()) {
      Add(field, absl::StrCat("required: a UUID chosen by the client, 8-4-4-4-12 hex digits, e.g. ",
                              kUuidExample));
    } else if (!IsUuid(id)) {
      Add(field, absl::StrCat(Shown(id), " is not a UUID; give 8-4-4-4-12 hex digits, e.g. ",
                              kUuidExample));
    }
  }

  std::string DateRange() const {
    return absl::StrCat("a full date (year, month and day) from ", DayString(kEarliestOccurDate),
                        " to ", DayString(latest_));
  }

  // CheckDate checks a record's valid time, `what` saying what it is.
  void CheckDate(absl::string_view field, bool present, const google::type::Date& date,
                 absl::string_view what) {
    if (!present) {
      Add(field, absl::StrCat("required: ", what, ", ", DateRange()));
      return;
    }
    if (!IsCalendarDate(date)) {
      Add(field, absl::StrCat(DescribeBadDate(date), "; give ", DateRange()));
      return;
    }
    const absl::CivilDay day = ToCivilDay(date);
    if (day < kEarliestOccurDate) {
      Add(field, absl::StrCat(FormatDate(date), " is before ", DayString(kEarliestOccurDate),
                              ", the earliest date allowed"));
    } else if (day > latest_) {
      Add(field, absl::StrCat(FormatDate(date),
                              " is more than one day after the server's current UTC date (",
                              DayString(today_), "); the latest date allowed is ",
                              DayString(latest_)));
    }
  }

  void CheckLevel(absl::string_view field, v1::ObservedRepresentation level) {
    if (v1::ObservedRepresentation_IsValid(level)) return;
    Add(field, absl::StrCat(static_cast<int>(level),
                            " is not an ObservedRepresentation; use NONE, CHARGE_D_AFFAIRES, "
                            "MINISTER, AMBASSADOR or OTHER, or leave it unset when not observed"));
  }

  void CheckActor(bool present, const v1::Actor& actor, absl::string_view field,
                  absl::string_view what) {
    if (!present) {
      Add(field, absl::StrCat("required: ", what));
      return;
    }
    if (absl::optional<std::string> problem = DescribeActorCode(actor.code())) {
      Add(absl::StrCat(field, ".code"), *std::move(problem));
    }
    if (absl::optional<std::string> problem = DescribeRole(actor.role())) {
      Add(absl::StrCat(field, ".role"), *std::move(problem));
    }
    CheckText(actor.display_name(), kMaxDisplayNameChars, absl::StrCat(field, ".display_name"));
  }

  absl::optional<std::string> DescribeActorCode(const std::string& code) const {
    if (registry_.FindActor(code) != nullptr) return absl::nullopt;
    if (code.empty()) return absl::StrCat("required: ", kActorCodesAllowed);
    const std::string upper = absl::AsciiStrToUpper(code);
    if (upper != code && registry_.FindActor(upper) != nullptr) {
      return absl::StrCat(Shown(code), " must be upper-case: ", upper);
    }
    if (const ActorCode* organisation = registry_.FindByAlias(code)) {
      return absl::StrCat(Shown(code), " is not an actor code; use ", organisation->code,
                          " for the ", organisation->name);
    }
    if (absl::string_view country = registry_.CountryCodeForName(code); !country.empty()) {
      return absl::StrCat(Shown(code), " is a country's name; use its code, ", country);
    }
    return absl::StrCat(Shown(code), " is not a known actor code; use ", kActorCodesAllowed);
  }

  absl::optional<std::string> DescribeRole(const std::string& role) const {
    if (role.empty() || registry_.FindRole(role) != nullptr) return absl::nullopt;
    const std::string upper = absl::AsciiStrToUpper(role);
    if (upper != role && registry_.FindRole(upper) != nullptr) {
      return absl::StrCat(Shown(role), " must be upper-case: ", upper);
    }
    std::vector<absl::string_view> roles;
    for (const RoleCode& known : registry_.roles()) roles.push_back(known.code);
    return absl::StrCat(Shown(role), " is not a CAMEO role code; use one of ",
                        absl::StrJoin(roles, ", "), ", or leave it empty");
  }

  const CameoCode* CheckCameoCode(const std::string& text) {
    if (const CameoCode* code = codebook_.Find(text)) return code;
    if (text.empty()) {
      Add("cameo_code", absl::StrCat("required: a CAMEO event code of 2 to 4 digits (e.g. ",
                                     ExampleCode(codebook_), ")"));
      return nullptr;
    }
    std::string hint;
    if (const CameoCode* padded = codebook_.Find(absl::StrCat("0", text));
        padded != nullptr && text.size() < 4) {
      hint = absl::StrCat("; did you mean ", padded->code, " (", padded->name,
                          ")? Keep the leading zero");
    } else if (const CameoCode* parent = text.size() == 4 ? codebook_.Find(text.substr(0, 3))
                                                          : nullptr) {
      hint = absl::StrCat("; the nearest code is its parent ", parent->code, " (", parent->name,
                          ")");
    } else {
      hint = absl::StrCat("; see the codebook (e.g. ", ExampleCode(codebook_), ")");
    }
    Add("cameo_code", absl::StrCat(Shown(text), " is not a CAMEO event code", hint));
    return nullptr;
  }

  void CheckGoldstein(const v1::DiplomaticEvent& event, const CameoCode* code) {
    if (!event.has_goldstein()) return;
    const double value = event.goldstein();
    if (std::isfinite(value) && value >= kMinGoldstein && value <= kMaxGoldstein) return;
    std::string default_value;
    if (code != nullptr) {
      default_value = absl::StrCat(" (", code->goldstein, " for ", code->code, ")");
    }
    Add("goldstein", absl::StrCat(value,
                                  " is not a Goldstein value; give a number from -10 to 10, or "
                                  "leave goldstein unset to take the codebook's value",
                                  default_value));
  }

  void CheckQuadClass(const v1::DiplomaticEvent& event) {
    if (v1::QuadClass_IsValid(event.quad_class())) return;
    Add("quad_class", absl::StrCat(static_cast<int>(event.quad_class()),
                                   " is not a QuadClass; use 1 (verbal cooperation), 2 (material "
                                   "cooperation), 3 (verbal conflict) or 4 (material conflict), "
                                   "or leave it unspecified to derive it from the CAMEO code"));
  }

  void CheckText(const std::string& text, size_t max_chars, absl::string_view field) {
    if (absl::Status status = domain::CheckText(text, max_chars); !status.ok()) {
      const size_t dot = field.rfind('.');
      const absl::string_view name = dot == absl::string_view::npos ? field : field.substr(dot + 1);
      Add(field, absl::StrCat(name, " ", status.message()));
    }
  }

  void CheckCitations(const google::protobuf::RepeatedPtrField<v1::Citation>& citations) {
    if (static_cast<size_t>(citations.size()) > kMaxCitations) {
      Add("citations", absl::StrCat(citations.size(), " citations; at most ", kMaxCitations,
                                    " are allowed"));
    }
    for (int i = 0; i < citations.size(); ++i) {
      const v1::Citation& citation = citations[i];
      const std::string field = absl::StrCat("citations[", i, "]");
      CheckUrl(citation.url(), absl::StrCat(field, ".url"));
      CheckText(citation.publisher(), kMaxPublisherChars, absl::StrCat(field, ".publisher"));
      CheckText(citation.title(), kMaxTitleChars, absl::StrCat(field, ".title"));
      if (citation.has_publish_date() && !IsCalendarDate(citation.publish_date())) {
        Add(absl::StrCat(field, ".publish_date"),
            absl::StrCat(DescribeBadDate(citation.publish_date()),
                         "; give a full date (year, month and day) or leave publish_date unset"));
      }
    }
  }

  void CheckUrl(const std::string& url, const std::string& field) {
    if (url.empty()) {
      Add(field, "required: the absolute http or https URL of the source");
      return;
    }
    if (absl::Status status = domain::CheckText(url, kMaxUrlChars); !status.ok()) {
      Add(field, absl::StrCat("url ", status.message()));
      return;
    }
    if (absl::Status status = CheckHttpUrl(url); !status.ok()) {
      Add(field, absl::StrCat(Shown(url), " is not an absolute http or https URL with a host: ",
                              status.message()));
    }
  }

  const CameoCodebook& codebook_;
  const ActorRegistry& registry_;
  const absl::CivilDay today_;
  const absl::CivilDay latest_;
  Violations& violations_;
  std::string prefix_;
};

}  // namespace

void CheckEvent(const v1::DiplomaticEvent& event, absl::string_view prefix, absl::Time now,
                const DomainTables& tables, Violations& violations) {
  RecordChecker(tables, now, violations).Check(event, prefix);
}

void CheckObservation(const v1::RepresentationObservation& observation, absl::string_view prefix,
                      absl::Time now, const DomainTables& tables, Violations& violations) {
  RecordChecker(tables, now, violations).Check(observation, prefix);
}

}  // namespace chancery::domain
