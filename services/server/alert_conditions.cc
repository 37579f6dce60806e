#include "services/server/alert_conditions.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/reflection.h"
#include "google/protobuf/unknown_field_set.h"

namespace chancery::server {
namespace {

constexpr int kMaxConditions = 20;

// UnknownField: the number of a field in `message` (or a message under it)
// that this build's proto does not define, if any.
std::optional<int> UnknownField(const google::protobuf::Message& message) {
  const google::protobuf::Reflection* reflection = message.GetReflection();
  const google::protobuf::UnknownFieldSet& unknown = reflection->GetUnknownFields(message);
  if (!unknown.empty()) return unknown.field(0).number();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const google::protobuf::FieldDescriptor* field : fields) {
    if (field->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE) continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        if (auto inner = UnknownField(reflection->GetRepeatedMessage(message, field, i))) {
          return inner;
        }
      }
    } else if (auto inner = UnknownField(reflection->GetMessage(message, field))) {
      return inner;
    }
  }
  return std::nullopt;
}

// Scores shown as people read them.
std::string Score(double score) { return absl::StrFormat("%.2f", score); }

std::optional<std::string> ScoreCrossed(const v1::ScoreCrossing& crossing, double before,
                                        double after) {
  const double line = crossing.threshold();
  const bool up = before < line && after >= line;
  const bool down = before >= line && after < line;
  if (up && crossing.direction() != v1::CROSSING_DIRECTION_DOWNWARD) {
    return absl::StrCat("score rose to ", Score(line), " or above (from ", Score(before), " to ",
                        Score(after), ")");
  }
  if (down && crossing.direction() != v1::CROSSING_DIRECTION_UPWARD) {
    return absl::StrCat("score fell below ", Score(line), " (from ", Score(before), " to ",
                        Score(after), ")");
  }
  return std::nullopt;
}

std::optional<std::string> StatusChanged(const v1::StatusChange& wanted,
                                         const v1::Relationship& before,
                                         const v1::Relationship& after) {
  if (before.status() == after.status()) return std::nullopt;
  if (!wanted.to().empty() &&
      std::find(wanted.to().begin(), wanted.to().end(), after.status()) == wanted.to().end()) {
    return std::nullopt;
  }
  return absl::StrCat("status changed from ", v1::RelationshipStatus_Name(before.status()),
                      " to ", v1::RelationshipStatus_Name(after.status()));
}

std::optional<std::string> RepresentationChanged(const v1::Relationship& before,
                                                 const v1::Relationship& after) {
  if (before.representation_a_in_b() == after.representation_a_in_b() &&
      before.representation_b_in_a() == after.representation_b_in_a()) {
    return std::nullopt;
  }
  return absl::StrCat("representation changed to ",
                      v1::RepresentationLevel_Name(after.representation_a_in_b()), " and ",
                      v1::RepresentationLevel_Name(after.representation_b_in_a()));
}

// A measure is the same one before and after when it was opened by the same event.
const v1::Measure* Find(const v1::Relationship& relationship, const v1::Measure& measure) {
  for (const v1::Measure& candidate : relationship.measures()) {
    if (candidate.open_event_id() == measure.open_event_id()) return &candidate;
  }
  return nullptr;
}

std::optional<std::string> MeasureChanged(const v1::MeasureChange& wanted,
                                          const v1::Relationship& before,
                                          const v1::Relationship& after) {
  auto wanted_kind = [&](const v1::Measure& measure) {
    return wanted.kinds().empty() || std::find(wanted.kinds().begin(), wanted.kinds().end(),
                                               measure.kind()) != wanted.kinds().end();
  };
  for (const v1::Measure& measure : after.measures()) {
    if (!wanted_kind(measure)) continue;
    const v1::Measure* earlier = Find(before, measure);
    const bool active = measure.close_event_id().empty();
    if (earlier == nullptr && active) {
      return absl::StrCat(v1::MeasureKind_Name(measure.kind()), " opened by ",
                          measure.imposer_code());
    }
    if (earlier != nullptr && earlier->close_event_id().empty() && !active) {
      return absl::StrCat(v1::MeasureKind_Name(measure.kind()), " closed");
    }
  }
  return std::nullopt;
}

std::optional<std::string> TrendReversed(const v1::Relationship& before,
                                         const v1::Relationship& after) {
  const bool reversed =
      (before.trend() == v1::TREND_THAWING && after.trend() == v1::TREND_COOLING) ||
      (before.trend() == v1::TREND_COOLING && after.trend() == v1::TREND_THAWING);
  if (!reversed) return std::nullopt;
  return absl::StrCat("trend reversed from ", v1::Trend_Name(before.trend()), " to ",
                      v1::Trend_Name(after.trend()));
}

std::optional<std::string> Met(const v1::AlertCondition& condition,
                               const v1::RelationshipChange& change) {
  const v1::Relationship& before = change.before();
  const v1::Relationship& after = change.after();
  switch (condition.condition_case()) {
    case v1::AlertCondition::kScoreCrossing:
      return ScoreCrossed(condition.score_crossing(), before.score(), after.score());
    case v1::AlertCondition::kStatusChange:
      return StatusChanged(condition.status_change(), before, after);
    case v1::AlertCondition::kRepresentationChange:
      return RepresentationChanged(before, after);
    case v1::AlertCondition::kMeasureChange:
      return MeasureChanged(condition.measure_change(), before, after);
    case v1::AlertCondition::kTrendReversal:
      return TrendReversed(before, after);
    case v1::AlertCondition::CONDITION_NOT_SET:
      break;
  }
  return std::nullopt;
}

}  // namespace

void CheckAlertConditions(const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
                          absl::string_view field_name, domain::Violations& bad_request) {
  if (conditions.size() > kMaxConditions) {
    bad_request.Add(std::string(field_name),
                    absl::StrCat(conditions.size(), " conditions; at most ", kMaxConditions));
  }
  for (int i = 0; i < conditions.size(); ++i) {
    const v1::AlertCondition& condition = conditions[i];
    const std::string field = absl::StrCat(field_name, "[", i, "]");
    if (std::optional<int> unknown = UnknownField(condition)) {
      bad_request.Add(field, absl::StrCat("holds field number ", *unknown,
                                          ", which this server does not know; it knows "
                                          "score_crossing, status_change, "
                                          "representation_change, measure_change and "
                                          "trend_reversal"));
    } else if (condition.condition_case() == v1::AlertCondition::CONDITION_NOT_SET) {
      bad_request.Add(field, "sets no condition: set score_crossing, status_change, "
                             "representation_change, measure_change or trend_reversal");
    } else if (condition.has_score_crossing()) {
      const double threshold = condition.score_crossing().threshold();
      if (!(threshold >= -10 && threshold <= 10)) {
        bad_request.Add(field + ".score_crossing.threshold",
                        absl::StrCat(threshold, " is not on the Goldstein scale, -10 to 10"));
      }
    }
  }
}

std::vector<v1::Alert> AlertsFor(
    const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
    const v1::RelationshipChange& change) {
  std::vector<v1::Alert> alerts;
  for (int i = 0; i < conditions.size(); ++i) {
    if (std::optional<std::string> description = Met(conditions[i], change)) {
      v1::Alert& alert = alerts.emplace_back();
      alert.set_condition_index(static_cast<uint32_t>(i));
      alert.set_description(*std::move(description));
    }
  }
  return alerts;
}

}  // namespace chancery::server
