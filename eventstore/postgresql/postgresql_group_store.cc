#include "eventstore/postgresql/postgresql_group_store.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/group_store_rules.h"

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
  // One statement, so one transaction: the group and its parked events go together.
  ASSIGN_OR_RETURN(Result deleted,
                   Query("WITH parked AS (DELETE FROM chancery_group_parked WHERE group_name = $1) "
                         "DELETE FROM chancery_groups WHERE name = $1",
                         {Text(name)}));
  if (deleted.Changed() == 0) return NoSuchGroup(name);
  return absl::OkStatus();
}

absl::Status PostgresqlGroupStore::Claim(absl::string_view name, absl::string_view owner,
                                         absl::Time now, absl::Time until) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Result claimed,
                   Query("UPDATE chancery_groups SET owner = $2, owned_until = $4 WHERE name = $1 "
                         "AND (owner = '' OR owner = $2 OR owned_until <= $3)",
                         {Text(name), Text(owner), Micros(now), Micros(until)}));
  if (claimed.Changed() > 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(Result holder,
                   Query("SELECT owner, owned_until FROM chancery_groups WHERE name = $1",
                         {Text(name)}));
  if (holder.rows() == 0) return NoSuchGroup(name);
  return ClaimedElsewhere(name, std::string(holder.Bytes(0, 0)), absl::FromUnixMicros(holder.Int64(0, 1)));
}

absl::Status PostgresqlGroupStore::Release(absl::string_view name, absl::string_view owner) {
  absl::MutexLock lock(&mutex_);
  return Query("UPDATE chancery_groups SET owner = '', owned_until = 0 "
               "WHERE name = $1 AND owner = $2",
               {Text(name), Text(owner)})
      .status();
}

absl::Status PostgresqlGroupStore::SaveCheckpoint(absl::string_view name, absl::string_view owner,
                                                  uint64_t checkpoint) {
  absl::MutexLock lock(&mutex_);
  ASSIGN_OR_RETURN(Result saved,
                   Query("UPDATE chancery_groups SET checkpoint = $3 WHERE name = $1 AND owner = $2",
                         {Text(name), Text(owner), Int(checkpoint)}));
  if (saved.Changed() > 0) return absl::OkStatus();
  RETURN_IF_ERROR(GetLocked(name).status());
  return ClaimLost(name, owner);
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
  RETURN_IF_ERROR(GetLocked(name).status());
  ASSIGN_OR_RETURN(std::vector<ParkedEvent> parked,
                   ParkedWhere("true ORDER BY position", {Text(name)}));
  std::vector<ParkedEvent> chosen = ChooseParked(parked, positions);
  // Each mark stands alone: a replay cut short leaves some marked, which a
  // second replay of the same positions completes.
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
