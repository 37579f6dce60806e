// PostgresqlMembershipRows: one group's membership rows (group_membership.h)
// in tables chancery_groups and chancery_group_members, inside a transaction
// the caller has begun on `connection`; LockGroup holds the group's row
// (SELECT ... FOR UPDATE), so replicas change a group's members one at a time.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_MEMBERSHIP_ROWS_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_MEMBERSHIP_ROWS_H_

#include <string>
#include <vector>

#include "eventstore/group_membership.h"
#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

class PostgresqlMembershipRows final : public MembershipRows {
 public:
  PostgresqlMembershipRows(Connection* connection, absl::string_view name)
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

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_MEMBERSHIP_ROWS_H_
