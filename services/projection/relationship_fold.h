// RelationshipFold: the rules of docs/relationship-model.md, applied to one
// stream's events in fold order (date, then position).
//
// Reports of one happening (same day, direction and CAMEO code) are one
// occurrence: the first report scores and moves the status and measures, and
// the later ones only add to the report count.
//
// Example:
//   RelationshipFold fold(settings);
//   for (const FoldEvent& e : visible_events_up_to_as_of) fold.Apply(e);
//   RelationshipState state = fold.At(as_of_day);

#ifndef CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_FOLD_H_
#define CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_FOLD_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "chancery/v1/relationship.pb.h"
#include "services/projection/fold_event.h"
#include "services/projection/model_settings.h"
#include "services/projection/relationship_rules.h"

namespace chancery::projection {

struct MeasureState {
  v1::MeasureKind kind = v1::MEASURE_KIND_UNSPECIFIED;
  bool imposer_is_a = false;
  EventId open_id{};
  domain::Day open_day;
  std::optional<EventId> close_id;
  domain::Day close_day;

  bool operator==(const MeasureState& other) const;
};

// Occurrences in one trailing window: per QuadClass (index 1 to 4) and the
// domestic record's CAMEO roots.
struct WindowCounts {
  int64_t quad[5] = {};
  int64_t repression = 0;  // Root 17.
  int64_t protest = 0;     // Root 14.
  int64_t reform = 0;      // Root 08.

  bool operator==(const WindowCounts& other) const;
};

// A relationship as of one day: every field of v1::Relationship that the
// fold decides (the caller adds the dyad, dates and the last event record).
struct RelationshipState {
  v1::RelationshipStatus status = v1::RELATIONSHIP_STATUS_NONE;
  bool has_status_cause = false;  // Whether a record set the status (status_day, _event_id).
  domain::Day status_day;
  EventId status_event_id{};
  v1::RepresentationLevel a_in_b = v1::REPRESENTATION_LEVEL_UNKNOWN;
  v1::RepresentationLevel b_in_a = v1::REPRESENTATION_LEVEL_UNKNOWN;
  std::vector<MeasureState> measures;  // In order of opening.
  double score = 0;        // Decayed mean Goldstein value with the neutral prior.
  double short_score = 0;  // Decayed mean with the short half-life, no prior.
  double weight = 0;       // Decayed occurrence count (long half-life).
  double short_weight = 0;
  v1::Trend trend = v1::TREND_INSUFFICIENT_DATA;
  WindowCounts window;
  int64_t event_count = 0;       // Reports.
  int64_t occurrence_count = 0;  // Reports of one day, direction and code count once.
  int64_t observation_count = 0;  // Observations of representation.
  uint64_t last_event_position = 0;  // 0 when there is no event.

  // Whether nothing is folded: no event and no observation.
  bool empty() const { return event_count == 0 && observation_count == 0; }
  // Whether status, representation or measures differ.
  bool StructurallyDiffers(const RelationshipState& other) const;
  bool operator==(const RelationshipState& other) const;
};

class RelationshipFold {
 public:
  explicit RelationshipFold(const ModelSettings& settings) : settings_(settings) {}

  // Apply folds in one event, dated on or after every event before it.
  void Apply(const FoldEvent& event);

  // At returns the state as of `day`, on or after the last event's date.
  RelationshipState At(domain::Day day) const;

 private:
  struct Decayed {
    double score = 0, weight = 0;
  };
  struct WindowEntry {
    domain::Day day;
    uint8_t quad_class;
    uint8_t root;  // The CAMEO root code as a number (1 to 20).
  };
  // What makes two reports of one day the same occurrence.
  struct OccurrenceKey {
    bool source_is_a;
    std::array<char, 4> cameo;
    bool operator==(const OccurrenceKey& other) const {
      return source_is_a == other.source_is_a && cameo == other.cameo;
    }
  };

  // IsRepeat tells whether `event` reports an occurrence already folded
  // today, and notes it if not.
  bool IsRepeat(const FoldEvent& event);
  // Observe folds in an observation of representation: it sets the levels it
  // observed, and the status they imply.
  void Observe(const FoldEvent& observation);
  void ApplyStatus(const FoldEvent& event, StatusEffect effect);
  void ApplyMeasures(const FoldEvent& event, const CodeEffect& effect);
  void SetStatus(v1::RelationshipStatus status, const FoldEvent& event);
  Decayed DecayTo(const Decayed& sums, double half_life, domain::Day day) const;
  // Count adds `entry` to `counts` (`sign` 1) or takes it away (-1).
  static void Count(const WindowEntry& entry, int sign, WindowCounts& counts);

  const ModelSettings settings_;
  RelationshipState state_;
  // The status that STRAINED interrupted, to return to on recovery.
  v1::RelationshipStatus before_strain_ = v1::RELATIONSHIP_STATUS_UNKNOWN;
  domain::Day first_day_;  // Of the first occurrence.
  std::vector<OccurrenceKey> today_;  // Occurrences of the last folded day.
  domain::Day ref_day_;     // The day `long_` and `short_` are valued at.
  Decayed long_, short_;
  std::deque<WindowEntry> window_;  // Events of the last window_days, oldest first.
  WindowCounts window_counts_;      // Of window_'s entries.
};

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_FOLD_H_
