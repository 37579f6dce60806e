#include "services/server/watch_relationships_reactor.h"

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/projection/relationship_queries.h"
#include "services/server/alert_conditions.h"

namespace chancery::server {

WatchRelationshipsPolicy::Pending WatchRelationshipsPolicy::CaughtUp(uint64_t position) {
  Pending message;
  message.mutable_caught_up()->set_position(position);
  return message;
}

WatchRelationshipsPolicy::Pending WatchRelationshipsPolicy::Checkpoint(uint64_t position) {
  Pending message;
  message.mutable_checkpoint()->set_position(position);
  return message;
}

uint64_t WatchRelationshipsPolicy::Position(const Pending& message) {
  if (message.has_caught_up()) return message.caught_up().position();
  if (message.has_checkpoint()) return message.checkpoint().position();
  return message.change().position();
}

bool WatchRelationshipsPolicy::Passes(const domain::StreamName& dyad) const {
  if (!filter_.dyads.empty() && !filter_.dyads.contains(dyad.view())) return false;
  return filter_.actor_codes.empty() || filter_.actor_codes.contains(dyad.first()) ||
         filter_.actor_codes.contains(dyad.second());
}

bool WatchRelationshipsPolicy::Take(const SharedRecord& shared,
                                    std::deque<Pending>& outbox) const {
  // Filtered and folded from the stored event: only a record that causes a
  // change is decoded, to send as the cause.
  const eventstore::RecordedEvent& stored = shared->stored();
  const std::string& dyad = stored.stream;
  const std::optional<domain::StreamName> name = domain::StreamName::FromCanonical(dyad);
  // Domestic streams have no relationship.
  if (!name || !name->is_dyad() || !Passes(*name)) return false;
  // Both states as of the UTC date the record was made, known just before
  // and just after it.
  const domain::Day as_of = domain::Day::FromValidTime(stored.recorded_time_us);
  const projection::Bitemporal before_at{as_of, stored.position - 1};
  const projection::Bitemporal after_at{as_of, stored.position};
  const projection::ModelSettings& settings = projections_->settings();
  return projections_->Read([&](const projection::ProjectionIndex& index) {
    const projection::StreamEvents* events = index.Events(dyad);
    const projection::RelationshipState before = FoldAt(events, before_at, settings);
    const projection::RelationshipState after = FoldAt(events, after_at, settings);
    if (before == after) return false;
    if (structural_only_ && !after.StructurallyDiffers(before)) return false;
    v1::RelationshipChange* change = outbox.emplace_back().mutable_change();
    change->set_position(stored.position);
    *change->mutable_cause() = shared->record();
    *change->mutable_before() = ToRelationship(dyad, before_at, before, settings);
    *change->mutable_after() = ToRelationship(dyad, after_at, after, settings);
    if (conditions_.empty()) return true;
    std::vector<v1::Alert> alerts = AlertsFor(conditions_, *change);
    if (alerts.empty()) {
      outbox.pop_back();
      return false;
    }
    for (v1::Alert& alert : alerts) *change->add_alerts() = std::move(alert);
    return true;
  });
}

}  // namespace chancery::server
