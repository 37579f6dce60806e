#include "eventstore/sqlite/sqlite_group_store.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/group_membership.h"
#include "eventstore/group_store_rules.h"
#include "eventstore/sqlite/sqlite_membership_rows.h"

namespace chancery::eventstore::sqlite {
namespace {

constexpr char kGroupColumns[] = "name, definition, checkpoint, created";
constexpr char kParkedColumns[] =
    "position, stream, attempts, last_error, parked_at, replaying";

StoredGroup GroupFromRow(const Statement& row) {
  StoredGroup group;
  group.name = std::string(row.ColumnBytes(0));
  group.definition = std::string(row.ColumnBytes(1));
  group.checkpoint = static_cast<uint64_t>(row.ColumnInt64(2));
  group.created = absl::FromUnixMicros(row.ColumnInt64(3));
  return group;
}

ParkedEvent ParkedFromRow(const Statement& row) {
  ParkedEvent event;
  event.position = static_cast<uint64_t>(row.ColumnInt64(0));
  event.stream = std::string(row.ColumnBytes(1));
  event.attempts = static_cast<uint32_t>(row.ColumnInt64(2));
  event.last_error = std::string(row.ColumnBytes(3));
  event.parked_at = absl::FromUnixMicros(row.ColumnInt64(4));
  event.replaying = row.ColumnInt64(5) != 0;
  return event;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteGroupStore>> SqliteGroupStore::Open(const std::string& path,
                                                                         const std::string& vfs) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                   Connection::Open(path, SQLITE_OPEN_READWRITE, vfs));
  // A checkpoint lost with the machine's power costs redeliveries, never an
  // event: no sync per save.
  RETURN_IF_ERROR(
      connection->Execute("PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL"));
  // The store's file lock keeps every other process out, so a member still
  // standing is a dead process's: nobody waits for its lease to lapse. (The
  // group's checkpoint is the lowest cursor saved, so nothing is skipped.)
  RETURN_IF_ERROR(connection->Execute("DELETE FROM subscription_group_members"));
  return std::unique_ptr<SqliteGroupStore>(new SqliteGroupStore(std::move(connection)));
}

template <typename Result>
Result SqliteGroupStore::EndTransaction(Result result) {
  if (!result.ok()) {
    (void)connection_->Execute("ROLLBACK");
    return result;
  }
  if (absl::Status committed = connection_->Execute("COMMIT"); !committed.ok()) return committed;
  return result;
}

absl::StatusOr<StoredGroup> SqliteGroupStore::GetLocked(absl::string_view name) {
  ASSIGN_OR_RETURN(Statement query,
                   connection_->Prepare(absl::StrCat("SELECT ", kGroupColumns,
                                                     " FROM subscription_groups WHERE name = ?1")));
  query.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return NoSuchGroup(name);
  return GroupFromRow(query);
}

absl::StatusOr<std::pair<StoredGroup, bool>> SqliteGroupStore::Create(const StoredGroup& group) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  return EndTransaction(CreateLocked(group));
}

absl::StatusOr<std::pair<StoredGroup, bool>> SqliteGroupStore::CreateLocked(
    const StoredGroup& group) {
  absl::StatusOr<StoredGroup> existing = GetLocked(group.name);
  if (existing.ok()) return std::make_pair(*std::move(existing), false);
  if (!absl::IsNotFound(existing.status())) return existing.status();
  ASSIGN_OR_RETURN(Statement insert,
                   connection_->Prepare("INSERT INTO subscription_groups (name, definition, "
                                        "checkpoint, created) VALUES (?1, ?2, ?3, ?4)"));
  insert.BindText(1, group.name);
  insert.BindBlob(2, group.definition);
  insert.BindInt64(3, static_cast<int64_t>(group.checkpoint));
  insert.BindInt64(4, absl::ToUnixMicros(group.created));
  RETURN_IF_ERROR(insert.Run());
  return std::make_pair(group, true);
}

absl::StatusOr<StoredGroup> SqliteGroupStore::Get(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  return GetLocked(name);
}

absl::StatusOr<std::vector<StoredGroup>> SqliteGroupStore::List() {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Statement query,
                   connection_->Prepare(absl::StrCat("SELECT ", kGroupColumns,
                                                     " FROM subscription_groups ORDER BY name")));
  std::vector<StoredGroup> groups;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return groups;
    groups.push_back(GroupFromRow(query));
  }
}

absl::Status SqliteGroupStore::Delete(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  return EndTransaction(DeleteLocked(name));
}

absl::Status SqliteGroupStore::DeleteLocked(absl::string_view name) {
  for (const char* table : {"subscription_group_parked", "subscription_group_members"}) {
    ASSIGN_OR_RETURN(Statement rows, connection_->Prepare(absl::StrCat(
                                         "DELETE FROM ", table, " WHERE group_name = ?1")));
    rows.BindText(1, name);
    RETURN_IF_ERROR(rows.Run());
  }
  ASSIGN_OR_RETURN(Statement group,
                   connection_->Prepare("DELETE FROM subscription_groups WHERE name = ?1"));
  group.BindText(1, name);
  RETURN_IF_ERROR(group.Run());
  if (sqlite3_changes(connection_->handle()) == 0) return NoSuchGroup(name);
  return absl::OkStatus();
}

absl::StatusOr<GroupMembership> SqliteGroupStore::Renew(absl::string_view name,
                                                        absl::string_view replica,
                                                        absl::Time now, absl::Time until) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  SqliteMembershipRows rows(connection_.get(), name);
  return EndTransaction(RenewMembership(rows, replica, now, until));
}

absl::Status SqliteGroupStore::SaveCursor(absl::string_view name, absl::string_view replica,
                                          uint64_t epoch, uint64_t cursor) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  SqliteMembershipRows rows(connection_.get(), name);
  return EndTransaction(SaveMemberCursor(rows, name, replica, epoch, cursor));
}

absl::Status SqliteGroupStore::Leave(absl::string_view name, absl::string_view replica,
                                     uint64_t epoch, uint64_t cursor) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  SqliteMembershipRows rows(connection_.get(), name);
  return EndTransaction(LeaveMembership(rows, replica, epoch, cursor));
}

absl::Status SqliteGroupStore::Reset(absl::string_view name, uint64_t checkpoint) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  SqliteMembershipRows rows(connection_.get(), name);
  return EndTransaction(ResetMembership(rows, checkpoint));
}

absl::Status SqliteGroupStore::Park(absl::string_view name, const ParkedEvent& event) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Statement park,
                   connection_->Prepare(absl::StrCat(
                       "INSERT OR REPLACE INTO subscription_group_parked (group_name, ",
                       kParkedColumns, ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")));
  park.BindText(1, name);
  park.BindInt64(2, static_cast<int64_t>(event.position));
  park.BindText(3, event.stream);
  park.BindInt64(4, event.attempts);
  park.BindText(5, event.last_error);
  park.BindInt64(6, absl::ToUnixMicros(event.parked_at));
  park.BindInt64(7, event.replaying ? 1 : 0);
  return park.Run();
}

absl::StatusOr<std::vector<ParkedEvent>> SqliteGroupStore::ParkedWhere(
    const char* condition, absl::string_view name, const std::vector<int64_t>& values) {
  ASSIGN_OR_RETURN(Statement query,
                   connection_->Prepare(absl::StrCat(
                       "SELECT ", kParkedColumns,
                       " FROM subscription_group_parked WHERE group_name = ?1 AND ", condition)));
  query.BindText(1, name);
  for (size_t i = 0; i < values.size(); ++i) query.BindInt64(static_cast<int>(i) + 2, values[i]);
  std::vector<ParkedEvent> events;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return events;
    events.push_back(ParkedFromRow(query));
  }
}

absl::StatusOr<std::vector<ParkedEvent>> SqliteGroupStore::ListParked(absl::string_view name,
                                                                      uint64_t after_position,
                                                                      size_t max_count) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(GetLocked(name).status());
  return ParkedWhere("position > ?2 ORDER BY position LIMIT ?3", name,
                     {static_cast<int64_t>(after_position), static_cast<int64_t>(max_count)});
}

absl::StatusOr<uint64_t> SqliteGroupStore::CountParked(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Statement count,
                   connection_->Prepare("SELECT count(*) FROM subscription_group_parked "
                                        "WHERE group_name = ?1"));
  count.BindText(1, name);
  ASSIGN_OR_RETURN(bool row, count.Step());
  return row ? static_cast<uint64_t>(count.ColumnInt64(0)) : 0;
}

absl::StatusOr<std::vector<ParkedEvent>> SqliteGroupStore::MarkReplaying(
    absl::string_view name, const std::vector<uint64_t>& positions) {
  absl::MutexLock lock(&mutex_);
  RETURN_IF_ERROR(connection_->Execute("BEGIN IMMEDIATE"));
  return EndTransaction(MarkReplayingLocked(name, positions));
}

absl::StatusOr<std::vector<ParkedEvent>> SqliteGroupStore::MarkReplayingLocked(
    absl::string_view name, const std::vector<uint64_t>& positions) {
  RETURN_IF_ERROR(GetLocked(name).status());
  ASSIGN_OR_RETURN(std::vector<ParkedEvent> parked, ParkedWhere("1 ORDER BY position", name, {}));
  std::vector<ParkedEvent> chosen = ChooseParked(parked, positions);
  ASSIGN_OR_RETURN(Statement mark, connection_->Prepare(
                                       "UPDATE subscription_group_parked SET replaying = 1 "
                                       "WHERE group_name = ?1 AND position = ?2"));
  for (ParkedEvent& event : chosen) {
    mark.BindText(1, name);
    mark.BindInt64(2, static_cast<int64_t>(event.position));
    RETURN_IF_ERROR(mark.Run());
    event.replaying = true;
  }
  SqliteMembershipRows rows(connection_.get(), name);
  RETURN_IF_ERROR(NextEpoch(rows));
  return chosen;
}

absl::StatusOr<std::vector<ParkedEvent>> SqliteGroupStore::Replaying(absl::string_view name) {
  absl::MutexLock lock(&mutex_);
  return ParkedWhere("replaying = 1 ORDER BY position", name, {});
}

absl::Status SqliteGroupStore::Unpark(absl::string_view name, uint64_t position) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Statement unpark,
                   connection_->Prepare("DELETE FROM subscription_group_parked "
                                        "WHERE group_name = ?1 AND position = ?2"));
  unpark.BindText(1, name);
  unpark.BindInt64(2, static_cast<int64_t>(position));
  return unpark.Run();
}

}  // namespace chancery::eventstore::sqlite
