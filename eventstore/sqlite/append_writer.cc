#include "eventstore/sqlite/append_writer.h"

#include <algorithm>
#include <climits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "eventstore/sqlite/event_rows.h"
#include "eventstore/sqlite/schema.h"

namespace chancery::eventstore::sqlite {
namespace {

// The stream revision cache is cleared when it holds more streams than this
// (a few tens of MiB at most).
constexpr size_t kMaxCachedStreams = 1 << 18;

// In revision_undo_: the stream had no entry in the cache.
constexpr int64_t kUncached = INT64_MIN;

constexpr char kInsertSql[] =
    "INSERT INTO events (position, event_id, stream, revision, event_type, valid_time, "
    "recorded_time, payload, hash, recorded_by, correlation_id, causation_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (event_id) DO NOTHING";
// One seek into the (stream, revision) index, however long the stream.
constexpr char kStreamRevisionSql[] =
    "SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1";

// The views of a RecordedEventView are std::string_view; Debian's Abseil has its own.
absl::string_view Absl(std::string_view view) { return {view.data(), view.size()}; }

}  // namespace

absl::StatusOr<std::unique_ptr<AppendWriter>> AppendWriter::Start(
    std::unique_ptr<Connection> connection, HeadSignal* head_signal, Writability* writability,
    FileIdentity files) {
  ASSIGN_OR_RETURN(ChainHead head, ReadHead(*connection));
  Statements statements;
  ASSIGN_OR_RETURN(statements.insert, connection->Compile(kInsertSql));
  ASSIGN_OR_RETURN(statements.stream_revision, connection->Compile(kStreamRevisionSql));
  ASSIGN_OR_RETURN(statements.stored_twin,
                   connection->Compile(
                       absl::StrCat("SELECT ", kEventColumns, " FROM events WHERE event_id = ?")));
  head_signal->Publish(head.position);
  return std::unique_ptr<AppendWriter>(new AppendWriter(
      std::move(connection), head_signal, writability, std::move(files), std::move(head),
      statements));
}

AppendWriter::AppendWriter(std::unique_ptr<Connection> connection, HeadSignal* head_signal,
                           Writability* writability, FileIdentity files, ChainHead head,
                           Statements statements)
    : connection_(std::move(connection)),
      head_signal_(head_signal),
      writability_(writability),
      files_(std::move(files)),
      committed_head_(std::move(head)),
      statements_(statements),
      group_writer_(
          writability, [this](std::vector<AppendQueue::Pending>& group) { CommitGroup(group); },
          [this] { Probe(); }) {}

AppendWriter::~AppendWriter() { Stop(); }

void AppendWriter::Submit(AppendRequest request, EventStore::AppendCallback done) {
  group_writer_.Submit(std::move(request), std::move(done));
}

void AppendWriter::Stop() { group_writer_.Stop(); }

void AppendWriter::CommitGroup(std::vector<AppendQueue::Pending>& group) {
  // Transaction time never goes backwards, so a time maps to a log prefix.
  const int64_t now_us =
      std::max(absl::ToUnixMicros(absl::Now()), committed_head_.recorded_time_us);
  ChainHead head = committed_head_;
  std::vector<absl::StatusOr<AppendResult>> results;
  results.reserve(group.size());

  // A savepoint isolates each request from the others in its group; a group
  // of one needs none, since its failure rolls back the whole transaction.
  const bool isolate = group.size() > 1;
  absl::Status group_status = connection_->Execute("BEGIN IMMEDIATE");
  for (size_t i = 0; group_status.ok() && i < group.size(); ++i) {
    if (isolate) group_status = connection_->Execute("SAVEPOINT request");
    if (!group_status.ok()) break;
    ChainHead request_head = head;
    const size_t undo_mark = revision_undo_.size();
    absl::StatusOr<AppendResult> result = ApplyRequest(*this, group[i].request, now_us, request_head);
    if (result.ok()) {
      head = std::move(request_head);
      if (isolate) group_status = connection_->Execute("RELEASE request");
    } else if (!IsRefusal(result.status())) {
      // The storage failed, not the request: SQLite may have rolled back
      // the whole transaction, so the group fails with it.
      group_status = result.status();
    } else if (isolate) {
      UndoStreamRevisions(undo_mark);
      group_status = connection_->Execute("ROLLBACK TO request; RELEASE request");
    } else {
      UndoStreamRevisions(undo_mark);
      group_status = connection_->Execute("ROLLBACK");
    }
    results.push_back(std::move(result));
  }
  // A lone request that failed was rolled back with its transaction.
  const bool lone_failure = !isolate && !results.empty() && !results.front().ok();
  if (group_status.ok() && !lone_failure) group_status = Commit();

  if (!group_status.ok()) {
    // Nothing of the group is stored: every caller learns why.
    if (!sqlite3_get_autocommit(connection_->handle())) (void)connection_->Execute("ROLLBACK");
    UndoStreamRevisions(0);
    if (!lone_failure) results.assign(group.size(), group_status);
    writability_->Set(group_status);
  } else if (!lone_failure) {
    const bool wrote = head.position != committed_head_.position;
    committed_head_ = std::move(head);
    head_signal_->Publish(committed_head_.position);
    // Commit checked the files just before; should one have gone in the
    // moment since, the commit went with it and is not acknowledged.
    absl::Status still_there = files_.Check();
    if (!still_there.ok()) results.assign(group.size(), still_there);
    // A commit that wrote nothing (duplicates only) proves nothing.
    if (wrote || !still_there.ok()) writability_->Set(still_there);
  }
  revision_undo_.clear();
  if (stream_revisions_.size() > kMaxCachedStreams) stream_revisions_.clear();
  for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(results[i]));
}

absl::Status AppendWriter::Commit() {
  RETURN_IF_ERROR(files_.Check());
  return connection_->Execute("COMMIT");
}

void AppendWriter::Probe() {
  // It rewrites the schema version with its own value: the write lock is
  // taken and a page is written to the log and synced, as for an append,
  // and nothing changes.
  absl::Status outcome = connection_->Execute(
      absl::StrCat("BEGIN IMMEDIATE; PRAGMA user_version = ", kSchemaVersion).c_str());
  if (outcome.ok()) outcome = Commit();
  if (!sqlite3_get_autocommit(connection_->handle())) (void)connection_->Execute("ROLLBACK");
  if (outcome.ok()) outcome = files_.Check();
  writability_->Set(outcome);
}

absl::StatusOr<bool> AppendWriter::Insert(const RecordedEventView& event) {
  Statement insert(statements_.insert, connection_.get());
  insert.BindInt64(1, static_cast<int64_t>(event.position));
  insert.BindText(2, Absl(event.event_id));
  insert.BindText(3, Absl(event.stream));
  insert.BindInt64(4, event.revision);
  insert.BindText(5, Absl(event.event_type));
  insert.BindInt64(6, event.valid_time_us);
  insert.BindInt64(7, event.recorded_time_us);
  insert.BindBlob(8, Absl(event.payload));
  insert.BindBlob(9, Absl(event.hash));
  insert.BindText(10, Absl(event.recorded_by));
  insert.BindText(11, Absl(event.correlation_id));
  insert.BindText(12, Absl(event.causation_id));
  RETURN_IF_ERROR(insert.Run());
  return sqlite3_changes(connection_->handle()) == 1;
}

absl::StatusOr<int64_t> AppendWriter::StreamRevision(const std::string& stream) {
  if (auto cached = stream_revisions_.find(stream); cached != stream_revisions_.end()) {
    return cached->second;
  }
  // Not cached, so the open transaction has not written to it: the
  // database's revision is the committed one, true whatever rolls back.
  Statement query(statements_.stream_revision, connection_.get());
  query.BindText(1, stream);
  ASSIGN_OR_RETURN(bool found, query.Step());
  const int64_t revision = found ? query.ColumnInt64(0) : kNoStreamRevision;
  stream_revisions_.emplace(stream, revision);
  return revision;
}

void AppendWriter::StreamMoved(const std::string& stream, int64_t revision) {
  auto [entry, added] = stream_revisions_.try_emplace(stream, revision);
  revision_undo_.emplace_back(stream, added ? kUncached : entry->second);
  entry->second = revision;
}

void AppendWriter::UndoStreamRevisions(size_t mark) {
  while (revision_undo_.size() > mark) {
    auto& [stream, before] = revision_undo_.back();
    if (before == kUncached) {
      stream_revisions_.erase(stream);
    } else {
      stream_revisions_[stream] = before;
    }
    revision_undo_.pop_back();
  }
}

absl::StatusOr<std::optional<RecordedEvent>> AppendWriter::StoredEvent(
    const std::string& event_id) {
  Statement query(statements_.stored_twin, connection_.get());
  query.BindText(1, event_id);
  ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::nullopt;
  return EventFromRow(query);
}

}  // namespace chancery::eventstore::sqlite
