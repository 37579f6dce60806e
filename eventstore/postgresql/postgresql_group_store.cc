#include "eventstore/postgresql/postgresql_group_store.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/group_membership.h"
#include "eventstore/group_store_rules.h"
#include "eventstore/postgresql/postgresql_membership_rows.h"

namespace chancery::eventstore::postgresql {
namespace {

constexpr char kGroupColumns[] = "name, definition, checkpoint, created";
constexpr char kParkedColumns[] =
    "position, stream, attempts, last_error, parked_at, replaying";

Param Text(absl::string_view text) { return Param::Text(std::string_view(text.data(), text.size())); }
Param Int(uint64_t value) { return Param::Int64(static_cast<int64_t>(value)); }
Param Micros(absl::Time time) { return Param::Int64(absl::ToUnixMicros(time)); }

StoredGroup GroupFromRow(const Result& rows, int row) {
  StoredGroup group;
  group.name = std::string(rows.Bytes(row, 0));
  group.definition = std::string(rows.Bytes(row, 1));
  group.checkpoint = static_cast<uint64_t>(rows.Int64(row, 2));
  group.created = absl::FromUnixMicros(rows.Int64(row, 3));
  return group;
}

ParkedEvent ParkedFromRow(const Result& rows, int row) {
  ParkedEvent event;
  event.position = static_cast<uint64_t>(rows.Int64(row, 0));
  event.stream = std::string(rows.Bytes(row, 1));
  event.attempts = static_cast<uint32_t>(rows.Int64(row, 2));
  event.last_error = std::string(rows.Bytes(row, 3));
  event.parked_at = absl::FromUnixMicros(rows.Int64(row, 4));
  event.replaying = rows.Bytes(row, 5) == std::string_view("\1", 1);
  return event;
}

}  // namespace

absl::StatusOr<Result> PostgresqlGroupStore::Query(const std::string& sql,
                                                   const std::vector<Param>& params) {
  if (connection_ == nullptr || !connection_->ok()) {
    connection_ = nullptr;
    ASSIGN_OR_RETURN(connection_, Connection::Open(uri_));
  }
  return connection_->Query(sql, params);
}

absl::StatusOr<StoredGroup> PostgresqlGroupStore::GetLocked(absl::string_view name) {
  ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kGroupColumns,
                                                   " FROM chancery_groups WHERE name = $1"),
                                      {Text(name)}));
  if (rows.rows() == 0) return NoSuchGroup(name);
  return GroupFromRow(rows, 0);
}

absl::StatusOr<std::pair<StoredGroup, bool>> PostgresqlGroupStore::Create(
    const StoredGroup& group) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Result inserted,
                   Query("INSERT INTO chancery_groups (name, definition, checkpoint, created) "
                         "VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING",
                         {Text(group.name), Param::Bytes(group.definition), Int(group.checkpoint),
                          Micros(group.created)}));
  if (inserted.Changed() == 1) return std::make_pair(group, true);
  ASSIGN_OR_RETURN(StoredGroup existing, GetLocked(group.name));
  return std::make_pair(std::move(existing), false);
}

absl::StatusOr<StoredGroup> PostgresqlGroupStore::Get(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  return GetLocked(name);
}

absl::StatusOr<std::vector<StoredGroup>> PostgresqlGroupStore::List() {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kGroupColumns,
                                                   " FROM chancery_groups ORDER BY name"),
                                      {}));
  std::vector<StoredGroup> groups;
  for (int row = 0; row < rows.rows(); ++row) groups.push_back(GroupFromRow(rows, row));
  return groups;
}

absl::Status PostgresqlGroupStore::Delete(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  // One statement, so one transaction: the group, its members and its parked
  // events go together.
  ASSIGN_OR_RETURN(Result deleted,
                   Query("WITH parked AS (DELETE FROM chancery_group_parked WHERE group_name = $1), "
                         "members AS (DELETE FROM chancery_group_members WHERE group_name = $1) "
                         "DELETE FROM chancery_groups WHERE name = $1",
                         {Text(name)}));
  if (deleted.Changed() == 0) return NoSuchGroup(name);
  return absl::OkStatus();
}

template <typename Result>
Result PostgresqlGroupStore::EndTransaction(Result result) {
  if (!result.ok()) {
    (void)Query("ROLLBACK", {});
    return result;
  }
  if (absl::Status committed = Query("COMMIT", {}).status(); !committed.ok()) return committed;
  return result;
}

absl::StatusOr<GroupMembership> PostgresqlGroupStore::Renew(absl::string_view name,
                                                            absl::string_view replica,
                                                            absl::Time now, absl::Time until) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(Query("BEGIN", {}).status());
  PostgresqlMembershipRows rows(connection_.get(), name);
  return EndTransaction(RenewMembership(rows, replica, now, until));
}

absl::Status PostgresqlGroupStore::SaveCursor(absl::string_view name, absl::string_view replica,
                                              uint64_t epoch, uint64_t cursor) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(Query("BEGIN", {}).status());
  PostgresqlMembershipRows rows(connection_.get(), name);
  return EndTransaction(SaveMemberCursor(rows, name, replica, epoch, cursor));
}

absl::Status PostgresqlGroupStore::Leave(absl::string_view name, absl::string_view replica,
                                         uint64_t epoch, uint64_t cursor) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(Query("BEGIN", {}).status());
  PostgresqlMembershipRows rows(connection_.get(), name);
  return EndTransaction(LeaveMembership(rows, replica, epoch, cursor));
}

absl::Status PostgresqlGroupStore::Reset(absl::string_view name, uint64_t checkpoint) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(Query("BEGIN", {}).status());
  PostgresqlMembershipRows rows(connection_.get(), name);
  return EndTransaction(ResetMembership(rows, checkpoint));
}

absl::Status PostgresqlGroupStore::Park(absl::string_view name, const ParkedEvent& event) {
  absl::MutexLock lock(&mutex_);
  return Query(absl::StrCat("INSERT INTO chancery_group_parked (group_name, ", kParkedColumns,
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7) "
                            "ON CONFLICT (group_name, position) DO UPDATE SET "
                            "attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error, "
                            "parked_at = EXCLUDED.parked_at, replaying = EXCLUDED.replaying"),
               {Text(name), Int(event.position), Text(event.stream), Int(event.attempts),
                Text(event.last_error), Micros(event.parked_at),
                Text(event.replaying ? "true" : "false")})
      .status();
}

absl::StatusOr<std::vector<ParkedEvent>> PostgresqlGroupStore::ParkedWhere(
    const std::string& condition, std::vector<Param> params) {
  ASSIGN_OR_RETURN(Result rows,
                   Query(absl::StrCat("SELECT ", kParkedColumns,
                                      " FROM chancery_group_parked WHERE group_name = $1 AND ",
                                      condition),
                         params));
  std::vector<ParkedEvent> events;
  for (int row = 0; row < rows.rows(); ++row) events.push_back(ParkedFromRow(rows, row));
  return events;
}

absl::StatusOr<std::vector<ParkedEvent>> PostgresqlGroupStore::ListParked(
    absl::string_view name, uint64_t after_position, size_t max_count) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(GetLocked(name).status());
  return ParkedWhere("position > $2 ORDER BY position LIMIT $3",
                     {Text(name), Int(after_position), Int(max_count)});
}

absl::StatusOr<uint64_t> PostgresqlGroupStore::CountParked(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Result count,
                   Query("SELECT count(*) FROM chancery_group_parked WHERE group_name = $1",
                         {Text(name)}));
  return static_cast<uint64_t>(count.Int64(0, 0));
}

absl::StatusOr<std::vector<ParkedEvent>> PostgresqlGroupStore::MarkReplaying(
    absl::string_view name, const std::vector<uint64_t>& positions) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(Query("BEGIN", {}).status());
  return EndTransaction(MarkReplayingLocked(name, positions));
}

absl::StatusOr<std::vector<ParkedEvent>> PostgresqlGroupStore::MarkReplayingLocked(
    absl::string_view name, const std::vector<uint64_t>& positions) {
  PostgresqlMembershipRows rows(connection_.get(), name);
  RETURN_IF_ERROR(NextEpoch(rows));  // Also NOT_FOUND for an unknown group.
  ASSIGN_OR_RETURN(std::vector<ParkedEvent> parked,
                   ParkedWhere("true ORDER BY position", {Text(name)}));
  std::vector<ParkedEvent> chosen = ChooseParked(parked, positions);
  for (ParkedEvent& event : chosen) {
    RETURN_IF_ERROR(Query("UPDATE chancery_group_parked SET replaying = true "
                          "WHERE group_name = $1 AND position = $2",
                          {Text(name), Int(event.position)})
                        .status());
    event.replaying = true;
  }
  return chosen;
}

absl::StatusOr<std::vector<ParkedEvent>> PostgresqlGroupStore::Replaying(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  return ParkedWhere("replaying ORDER BY position", {Text(name)});
}

absl::Status PostgresqlGroupStore::Unpark(absl::string_view name, uint64_t position) {
  absl::MutexLock lock(&mutex_);
  return Query("DELETE FROM chancery_group_parked WHERE group_name = $1 AND position = $2",
               {Text(name), Int(position)})
      .status();
}

}  // namespace chancery::eventstore::postgresql
