// GroupSelector: what a log record is to a subscription group, by its
// source and filter: a delivery, or nothing.

#ifndef CHANCERY_SERVICES_SERVER_GROUP_SELECTOR_H_
#define CHANCERY_SERVICES_SERVER_GROUP_SELECTOR_H_

#include <optional>

#include "chancery/v1/subscription_group.pb.h"
#include "services/server/log_fanout.h"
#include "services/server/projections.h"
#include "services/server/record_filter.h"
#include "services/server/watch_relationships_reactor.h"

namespace chancery::server {

class GroupSelector {
 public:
  // `group` normalized (NormalizeGroup); `projections` outlive the selector.
  GroupSelector(const v1::SubscriptionGroup& group, const Projections* projections);

  // Select returns the delivery `record` makes (its attempt left 0), or
  // nothing when the group's filter passes it over, or it meets none of the
  // group's alert conditions. A changes group must only be shown records the
  // projections have folded.
  std::optional<v1::GroupDelivery> Select(const SharedRecord& record) const;

 private:
  std::optional<RecordFilter> records_;
  std::optional<WatchRelationshipsPolicy> changes_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_GROUP_SELECTOR_H_
