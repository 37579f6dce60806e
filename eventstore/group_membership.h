// The rules of group membership (GroupStore's Renew, SaveCursor, Leave and
// Reset), written once over the rows each backend reads and writes inside
// one transaction that holds the group's row.

#ifndef CHANCERY_EVENTSTORE_GROUP_MEMBERSHIP_H_
#define CHANCERY_EVENTSTORE_GROUP_MEMBERSHIP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "eventstore/group_store.h"

namespace chancery::eventstore {

struct GroupRow {
  uint64_t epoch = 0;
  uint64_t checkpoint = 0;
};

struct MemberRow {
  std::string replica;
  uint64_t cursor = 0;
  absl::Time expires = absl::UnixEpoch();
};

// One group's rows, in a transaction of the backend's.
class MembershipRows {
 public:
  virtual ~MembershipRows() = default;
  // LockGroup reads the group's row and holds it to the end of the
  // transaction; NOT_FOUND (NoSuchGroup) if there is none.
  virtual absl::StatusOr<GroupRow> LockGroup() = 0;
  virtual absl::StatusOr<std::vector<MemberRow>> Members() = 0;
  virtual absl::Status WriteGroup(const GroupRow& group) = 0;
  // WriteMember inserts or replaces the member's row.
  virtual absl::Status WriteMember(const MemberRow& member) = 0;
  virtual absl::Status DeleteMember(absl::string_view replica) = 0;
};

absl::StatusOr<GroupMembership> RenewMembership(MembershipRows& rows, absl::string_view replica,
                                                absl::Time now, absl::Time until);
absl::Status SaveMemberCursor(MembershipRows& rows, absl::string_view name,
                              absl::string_view replica, uint64_t epoch, uint64_t cursor);
absl::Status LeaveMembership(MembershipRows& rows, absl::string_view replica, uint64_t epoch,
                             uint64_t cursor);
absl::Status ResetMembership(MembershipRows& rows, uint64_t checkpoint);
// NextEpoch moves the group's epoch on (every member starts again).
absl::Status NextEpoch(MembershipRows& rows);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_GROUP_MEMBERSHIP_H_
