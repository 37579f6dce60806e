// Folding a ProjectionIndex for a query: which events a query sees, the
// state they give, and that state in the API's terms.
//
// A query sees an event when it was recorded at or before `known_at`, is
// dated on or before `as_of_day`, and was not retracted at or before
// `known_at` (docs/relationship-model.md, "What is folded").

#ifndef CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_QUERIES_H_
#define CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "chancery/v1/actor_profile.pb.h"
#include "chancery/v1/relationship.pb.h"
#include "services/projection/fold_event.h"
#include "services/projection/model_settings.h"
#include "services/projection/projection_index.h"
#include "services/projection/relationship_fold.h"

namespace chancery::projection {

// A point in both times.
struct Bitemporal {
  domain::Day as_of_day;  // Valid time.
  uint64_t known_at = 0;  // Transaction time: the last log position known.
};

// ForEachVisible calls `visit(event)` for each event of `events` (in fold
// order, possibly null) that `at` sees.
template <typename Visit>
void ForEachVisible(const StreamEvents* events, const Bitemporal& at, Visit visit) {
  if (events == nullptr) return;
  for (const FoldEvent& event : *events) {
    if (event.day > at.as_of_day) break;
    if (event.KnownAt(at.known_at)) visit(event);
  }
}

// FoldAt returns the state of a stream's events as seen at `at`.
RelationshipState FoldAt(const StreamEvents* events, const Bitemporal& at,
                         const ModelSettings& settings);

// ToRelationship writes `state` of `dyad` at `at` in the API's terms, all
// but `last_event` (a whole log record, which the caller reads).
v1::Relationship ToRelationship(absl::string_view dyad, const Bitemporal& at,
                                const RelationshipState& state, const ModelSettings& settings);

v1::QuadClassCounts ToQuadClassCounts(const WindowCounts& window);

// Profile returns `code`'s actor profile at `at`, all but
// `domestic.last_event` (whose position is `*last_domestic_position`, 0 if
// none).
v1::ActorProfile Profile(const ProjectionIndex& index, absl::string_view code,
                         const Bitemporal& at, const ModelSettings& settings,
                         uint64_t* last_domestic_position);

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_QUERIES_H_
