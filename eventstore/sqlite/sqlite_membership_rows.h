// SqliteMembershipRows: one group's membership rows (group_membership.h) in
// tables subscription_groups and subscription_group_members, inside a
// transaction the caller has begun (BEGIN IMMEDIATE holds every row).

#ifndef CHANCERY_EVENTSTORE_SQLITE_SQLITE_MEMBERSHIP_ROWS_H_
#define CHANCERY_EVENTSTORE_SQLITE_SQLITE_MEMBERSHIP_ROWS_H_

#include <string>
#include <vector>

#include "eventstore/group_membership.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

class SqliteMembershipRows final : public MembershipRows {
 public:
  SqliteMembershipRows(Connection* connection, absl::string_view name)
      : connection_(connection), name_(name) {}

  absl::StatusOr<GroupRow> LockGroup() override;
  absl::StatusOr<std::vector<MemberRow>> Members() override;
  absl::Status WriteGroup(const GroupRow& group) override;
  absl::Status WriteMember(const MemberRow& member) override;
  absl::Status DeleteMember(absl::string_view replica) override;

 private:
  Connection* const connection_;
  const std::string name_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_SQLITE_MEMBERSHIP_ROWS_H_
