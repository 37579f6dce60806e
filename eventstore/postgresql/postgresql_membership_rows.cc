#include "eventstore/postgresql/postgresql_membership_rows.h"

#include "common/status_macros.h"
#include "eventstore/group_store_rules.h"

namespace chancery::eventstore::postgresql {
namespace {

Param Unsigned(uint64_t value) { return Param::Int64(static_cast<int64_t>(value)); }

}  // namespace

absl::StatusOr<GroupRow> PostgresqlMembershipRows::LockGroup() {
  ASSIGN_OR_RETURN(Result rows, connection_->Query("SELECT epoch, checkpoint FROM chancery_groups "
                                                   "WHERE name = $1 FOR UPDATE",
                                                   {Param::Text(name_)}));
  if (rows.rows() == 0) return NoSuchGroup(name_);
  return GroupRow{static_cast<uint64_t>(rows.Int64(0, 0)),
                  static_cast<uint64_t>(rows.Int64(0, 1))};
}

absl::StatusOr<std::vector<MemberRow>> PostgresqlMembershipRows::Members() {
  ASSIGN_OR_RETURN(Result rows,
                   connection_->Query("SELECT replica, cursor, expires FROM "
                                      "chancery_group_members WHERE group_name = $1",
                                      {Param::Text(name_)}));
  std::vector<MemberRow> members;
  for (int row = 0; row < rows.rows(); ++row) {
    members.push_back({std::string(rows.Bytes(row, 0)), static_cast<uint64_t>(rows.Int64(row, 1)),
                       absl::FromUnixMicros(rows.Int64(row, 2))});
  }
  return members;
}

absl::Status PostgresqlMembershipRows::WriteGroup(const GroupRow& group) {
  return connection_
      ->Query("UPDATE chancery_groups SET epoch = $2, checkpoint = $3 WHERE name = $1",
              {Param::Text(name_), Unsigned(group.epoch), Unsigned(group.checkpoint)})
      .status();
}

absl::Status PostgresqlMembershipRows::WriteMember(const MemberRow& member) {
  return connection_
      ->Query("INSERT INTO chancery_group_members (group_name, replica, cursor, expires) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT (group_name, replica) DO UPDATE SET "
              "cursor = EXCLUDED.cursor, expires = EXCLUDED.expires",
              {Param::Text(name_), Param::Text(member.replica), Unsigned(member.cursor),
               Param::Int64(absl::ToUnixMicros(member.expires))})
      .status();
}

absl::Status PostgresqlMembershipRows::DeleteMember(absl::string_view replica) {
  return connection_
      ->Query("DELETE FROM chancery_group_members WHERE group_name = $1 AND replica = $2",
              {Param::Text(name_), Param::Text(std::string_view(replica.data(), replica.size()))})
      .status();
}

}  // namespace chancery::eventstore::postgresql
