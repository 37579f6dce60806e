// FoldEvent: what the projections keep of one recorded event, compactly
// (about 64 bytes), so a million events fit in memory.

#ifndef CHANCERY_SERVICES_PROJECTION_FOLD_EVENT_H_
#define CHANCERY_SERVICES_PROJECTION_FOLD_EVENT_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/container/btree_set.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"
#include "services/domain/day.h"

namespace chancery::projection {

// A UUID's 16 bytes.
using EventId = std::array<uint8_t, 16>;

// ParseEventId reads a canonical-form UUID (validated on recording); false
// for anything else.
bool ParseEventId(absl::string_view text, EventId& id);
// FormatEventId writes the lower-case canonical form.
std::string FormatEventId(const EventId& id);

// A stream's record as the fold sees it: a diplomatic event, or an
// observation of the dyad's representation (reference data such as COW's).
struct FoldEvent {
  enum class Kind : uint8_t { kEvent, kObservation };

  domain::Day day;             // occur_date (observe_date).
  uint64_t position = 0;       // Where the event was recorded.
  // Position of its retraction; 0 if none is known. Not part of the fold
  // order, so a retraction sets it in place inside a StreamEvents.
  mutable uint64_t retracted_at = 0;
  double goldstein = 0;
  std::array<char, 4> cameo{};  // The code's digits, '\0'-padded.
  uint8_t quad_class = 0;       // A v1::QuadClass value.
  bool source_is_a = false;     // The source is the stream's first code.
  Kind kind = Kind::kEvent;
  // An observation's levels (v1::ObservedRepresentation values; 0 when not
  // observed): a's mission in b, and b's in a.
  uint8_t observed_a_in_b = 0;
  uint8_t observed_b_in_a = 0;
  EventId id{};  // event_id or observation_id.

  absl::string_view cameo_code() const;
  // Fold order: date, then log position.
  bool operator<(const FoldEvent& other) const {
    return day != other.day ? day < other.day : position < other.position;
  }
  bool operator==(const FoldEvent& other) const;
  // Whether the fold known at `known_at` includes it (as of any date).
  bool KnownAt(uint64_t known_at) const {
    return position <= known_at && (retracted_at == 0 || retracted_at > known_at);
  }
};

// One stream's events in fold order. A B-tree: history recorded out of date
// order inserts in O(log n), where a sorted vector would move every later
// event.
using StreamEvents = absl::btree_set<FoldEvent>;

// ToFoldEvent keeps what the fold needs of a recorded `event` at `position`
// in the stream whose first code is `stream_a`.
FoldEvent ToFoldEvent(const v1::DiplomaticEvent& event, uint64_t position,
                      absl::string_view stream_a);
// ToFoldEvent keeps what the fold needs of a recorded, normalized
// `observation` (its codes in the stream's order).
FoldEvent ToFoldEvent(const v1::RepresentationObservation& observation, uint64_t position);

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_FOLD_EVENT_H_
