// What a subscription group's definition may hold, its defaults, and how
// it is kept in the store.

#ifndef CHANCERY_SERVICES_SERVER_GROUP_DEFINITION_H_
#define CHANCERY_SERVICES_SERVER_GROUP_DEFINITION_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chancery/v1/subscription_group.pb.h"
#include "eventstore/group_store.h"
#include "services/domain/violations.h"

namespace chancery::server {

inline constexpr uint32_t kDefaultMaxAttempts = 5;
inline constexpr absl::Duration kDefaultAckTimeout = absl::Seconds(30);

// CheckGroupName adds a violation at `field` unless `name` is 1 to 64 of
// a-z 0-9 . _ - starting with a letter or digit.
void CheckGroupName(const std::string& name, const std::string& field,
                    domain::Violations& bad_request);

// What the server allows of groups beyond the API's rules.
struct GroupRules {
  // chanceryd --allow-http-webhooks-to-localhost.
  bool allow_http_webhooks_to_localhost = false;
};

// NormalizeGroup returns `group` checked (violations named "group.<field>"),
// its filter canonical, its defaults filled in and its output-only fields
// cleared: the definition as stored.
v1::SubscriptionGroup NormalizeGroup(const v1::SubscriptionGroup& group, const GroupRules& rules,
                                     domain::Violations& bad_request);

// ForDisplay is `group` as responses show it: without its webhook's secret.
v1::SubscriptionGroup ForDisplay(v1::SubscriptionGroup group);

absl::Duration AckTimeoutOf(const v1::SubscriptionGroup& group);

// ToStored and FromStored convert between the API's group and the store's:
// the definition is the normalized group, serialized.
eventstore::StoredGroup ToStored(const v1::SubscriptionGroup& normalized, uint64_t checkpoint,
                                 absl::Time created);
absl::StatusOr<v1::SubscriptionGroup> FromStored(const eventstore::StoredGroup& stored);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_GROUP_DEFINITION_H_
