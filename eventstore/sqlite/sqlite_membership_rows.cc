#include "eventstore/sqlite/sqlite_membership_rows.h"

#include "common/status_macros.h"
#include "eventstore/group_store_rules.h"

namespace chancery::eventstore::sqlite {

absl::StatusOr<GroupRow> SqliteMembershipRows::LockGroup() {
  ASSIGN_OR_RETURN(Statement query,
                   connection_->Prepare("SELECT epoch, checkpoint FROM subscription_groups "
                                        "WHERE name = ?1"));
  query.BindText(1, name_);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return NoSuchGroup(name_);
  return GroupRow{static_cast<uint64_t>(query.ColumnInt64(0)),
                  static_cast<uint64_t>(query.ColumnInt64(1))};
}

absl::StatusOr<std::vector<MemberRow>> SqliteMembershipRows::Members() {
  ASSIGN_OR_RETURN(Statement query,
                   connection_->Prepare("SELECT replica, cursor, expires FROM "
                                        "subscription_group_members WHERE group_name = ?1"));
  query.BindText(1, name_);
  std::vector<MemberRow> members;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return members;
    members.push_back({std::string(query.ColumnBytes(0)),
                       static_cast<uint64_t>(query.ColumnInt64(1)),
                       absl::FromUnixMicros(query.ColumnInt64(2))});
  }
}

absl::Status SqliteMembershipRows::WriteGroup(const GroupRow& group) {
  ASSIGN_OR_RETURN(Statement update,
                   connection_->Prepare("UPDATE subscription_groups SET epoch = ?2, "
                                        "checkpoint = ?3 WHERE name = ?1"));
  update.BindText(1, name_);
  update.BindInt64(2, static_cast<int64_t>(group.epoch));
  update.BindInt64(3, static_cast<int64_t>(group.checkpoint));
  return update.Run();
}

absl::Status SqliteMembershipRows::WriteMember(const MemberRow& member) {
  ASSIGN_OR_RETURN(Statement upsert,
                   connection_->Prepare("INSERT OR REPLACE INTO subscription_group_members "
                                        "(group_name, replica, cursor, expires) "
                                        "VALUES (?1, ?2, ?3, ?4)"));
  upsert.BindText(1, name_);
  upsert.BindText(2, member.replica);
  upsert.BindInt64(3, static_cast<int64_t>(member.cursor));
  upsert.BindInt64(4, absl::ToUnixMicros(member.expires));
  return upsert.Run();
}

absl::Status SqliteMembershipRows::DeleteMember(absl::string_view replica) {
  ASSIGN_OR_RETURN(Statement remove,
                   connection_->Prepare("DELETE FROM subscription_group_members "
                                        "WHERE group_name = ?1 AND replica = ?2"));
  remove.BindText(1, name_);
  remove.BindText(2, replica);
  return remove.Run();
}

}  // namespace chancery::eventstore::sqlite
