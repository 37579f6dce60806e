// What both GroupStore backends answer alike: their errors, and which
// parked events a replay picks.

#ifndef CHANCERY_EVENTSTORE_GROUP_STORE_RULES_H_
#define CHANCERY_EVENTSTORE_GROUP_STORE_RULES_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "eventstore/group_store.h"

namespace chancery::eventstore {

// NOT_FOUND: no group has `name`.
absl::Status NoSuchGroup(absl::string_view name);

// ChooseParked returns the events of `parked` (ascending positions) at
// `positions`, or all of `parked` when `positions` is empty.
std::vector<ParkedEvent> ChooseParked(const std::vector<ParkedEvent>& parked,
                                      const std::vector<uint64_t>& positions);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_GROUP_STORE_RULES_H_
