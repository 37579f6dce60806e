#include "services/server/group_selector.h"

#include <deque>
#include <utility>

#include "services/server/change_filter_validation.h"

namespace chancery::server {

GroupSelector::GroupSelector(const v1::SubscriptionGroup& group, const Projections* projections) {
  if (group.source() == v1::GROUP_SOURCE_RELATIONSHIP_CHANGES) {
    const v1::RelationshipChangeFilter& filter = group.change_filter();
    ChangeFilter canonical{{filter.dyads().begin(), filter.dyads().end()},
                           {filter.actor_codes().begin(), filter.actor_codes().end()}};
    changes_.emplace(projections, std::move(canonical), filter.structural_only(),
                     group.conditions());
  } else {
    records_.emplace(FilterKnowingRetractions(group.log_filter(), projections));
  }
}

std::optional<v1::GroupDelivery> GroupSelector::Select(const SharedRecord& record) const {
  v1::GroupDelivery delivery;
  delivery.set_position(record->position());
  if (records_.has_value()) {
    if (!records_->Matches(record->record())) return std::nullopt;
    *delivery.mutable_record() = record->record();
    return delivery;
  }
  std::deque<v1::WatchRelationshipsResponse> changes;
  if (!changes_->Take(record, changes)) return std::nullopt;
  *delivery.mutable_change() = std::move(*changes.front().mutable_change());
  return delivery;
}

}  // namespace chancery::server
