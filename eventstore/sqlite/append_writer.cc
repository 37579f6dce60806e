#include "eventstore/sqlite/append_writer.h"

#include <algorithm>
#include <climits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "common/thread_name.h"
#include "eventstore/hash_chain.h"
#include "eventstore/sqlite/event_rows.h"
#include "eventstore/sqlite/schema.h"

namespace chancery::eventstore::sqlite {
namespace {

// A group stops growing at this many events, to bound one transaction.
constexpr size_t kMaxGroupEvents = 10000;

// The stream revision cache is cleared when it holds more streams than this
// (a few tens of MiB at most).
constexpr size_t kMaxCachedStreams = 1 << 18;

// In revision_undo_: the stream had no entry in the cache.
constexpr int64_t kUncached = INT64_MIN;

// While the store is unwritable, an idle writer probes this often.
constexpr absl::Duration kProbeInterval = absl::Seconds(1);

constexpr char kInsertSql[] =
    "INSERT INTO events (position, event_id, stream, revision, event_type, valid_time, "
    "recorded_time, payload, hash, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (event_id) DO NOTHING";
// One seek into the (stream, revision) index, however long the stream.
constexpr char kStreamRevisionSql[] =
    "SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1";

size_t EventCount(const AppendRequest& request) {
  size_t count = 0;
  for (const StreamAppend& part : request.streams) count += part.events.size();
  return count;
}

// IsRefusal: the request itself failed (a revision conflict, an event id
// reused), as opposed to the storage under it.
bool IsRefusal(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted ||
         status.code() == absl::StatusCode::kAlreadyExists;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AppendWriter>> AppendWriter::Start(
    std::unique_ptr<Connection> connection, HeadSignal* head_signal, Writability* writability,
    FileIdentity files) {
  ChainHead head{0, GenesisHash(), 0};
  {
    ASSIGN_OR_RETURN(Statement last,
                     connection->Prepare("SELECT position, hash, recorded_time FROM events "
                                         "ORDER BY position DESC LIMIT 1"));
    ASSIGN_OR_RETURN(bool found, last.Step());
    if (found) {
      head = {static_cast<uint64_t>(last.ColumnInt64(0)), std::string(last.ColumnBytes(1)),
              last.ColumnInt64(2)};
    }
  }
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
      thread_([this] { Run(); }) {}

AppendWriter::~AppendWriter() { Stop(); }

void AppendWriter::Submit(AppendRequest request, EventStore::AppendCallback done) {
  bool queued = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(request), std::move(done)});
      queued = true;
    }
  }
  if (queued) {
    submitted_.notify_one();  // Outside the lock, so the writer can take it at once.
    return;
  }
  done(absl::UnavailableError("the event store is shutting down; retry on another server"));
}

void AppendWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  submitted_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void AppendWriter::Run() {
  NameThisThread("chancery-writer");
  while (std::optional<std::vector<Pending>> group = NextGroup()) {
    if (group->empty()) {
      Probe();
    } else {
      CommitGroup(*group);
    }
  }
}

std::optional<std::vector<AppendWriter::Pending>> AppendWriter::NextGroup() {
  const bool writable = writability_->writable();  // Only this thread changes it.
  std::unique_lock<std::mutex> lock(mutex_);
  auto ready = [this] { return stopping_ || !queue_.empty(); };
  if (writable) {
    submitted_.wait(lock, ready);
  } else if (!submitted_.wait_for(lock, absl::ToChronoMilliseconds(kProbeInterval), ready)) {
    return std::vector<Pending>();
  }
  if (queue_.empty()) return std::nullopt;  // Stopping, and everything is committed.
  std::vector<Pending> group;
  size_t events = 0;
  while (!queue_.empty() && (group.empty() || events < kMaxGroupEvents)) {
    events += EventCount(queue_.front().request);
    group.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return group;
}

void AppendWriter::CommitGroup(std::vector<Pending>& group) {
  // Those whose callers stopped waiting are answered, not appended.
  const absl::Time now = absl::Now();
  auto expired = std::stable_partition(group.begin(), group.end(), [now](const Pending& pending) {
    return pending.request.deadline > now;
  });
  for (auto it = expired; it != group.end(); ++it) it->done(AppendDeadlineExceededError());
  group.erase(expired, group.end());
  if (group.empty()) return;

  // Transaction time never goes backwards, so a time maps to a log prefix.
  const int64_t now_us = std::max(absl::ToUnixMicros(now), committed_head_.recorded_time_us);
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
    absl::StatusOr<AppendResult> result = ApplyRequest(group[i].request, now_us, request_head);
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

absl::StatusOr<AppendResult> AppendWriter::ApplyRequest(const AppendRequest& request,
                                                        int64_t now_us, ChainHead& head) {
  AppendResult result;
  result.events.reserve(EventCount(request));
  for (const StreamAppend& part : request.streams) {
    RETURN_IF_ERROR(ApplyStream(part, now_us, head, result));
  }
  return result;
}

absl::Status AppendWriter::ApplyStream(const StreamAppend& part, int64_t now_us, ChainHead& head,
                                       AppendResult& result) {
  ASSIGN_OR_RETURN(int64_t revision, StreamRevision(part.stream));
  if (!part.expected.Admits(revision)) {
    // A retry of an append that already committed is not a conflict.
    size_t first = result.events.size();
    for (const EventData& event : part.events) {
      ASSIGN_OR_RETURN(std::optional<AppendedEvent> twin, StoredTwin(part.stream, event));
      if (!twin) {
        result.events.resize(first);
        return RevisionConflictError(part.stream, part.expected, revision);
      }
      result.events.push_back(*twin);
    }
    return absl::OkStatus();
  }

  const int64_t first_revision = revision;
  Statement insert(statements_.insert, connection_.get());
  for (const EventData& event : part.events) {
    const uint64_t position = head.position + 1;
    std::string hash = ChainHash(head.hash, position, part.stream, revision + 1, event, now_us);
    insert.BindInt64(1, static_cast<int64_t>(position));
    insert.BindText(2, event.event_id);
    insert.BindText(3, part.stream);
    insert.BindInt64(4, revision + 1);
    insert.BindText(5, event.event_type);
    insert.BindInt64(6, event.valid_time_us);
    insert.BindInt64(7, now_us);
    insert.BindBlob(8, event.payload);
    insert.BindBlob(9, hash);
    insert.BindText(10, event.recorded_by);
    RETURN_IF_ERROR(insert.Run());
    if (sqlite3_changes(connection_->handle()) == 1) {
      head = {position, std::move(hash), now_us};
      ++revision;
      result.events.push_back({position, revision, false});
      continue;
    }
    ASSIGN_OR_RETURN(std::optional<AppendedEvent> twin, StoredTwin(part.stream, event));
    if (!twin) return absl::InternalError("insert ignored an event whose id is not stored");
    result.events.push_back(*twin);
  }
  if (revision != first_revision) SetStreamRevision(part.stream, revision);
  return absl::OkStatus();
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

void AppendWriter::SetStreamRevision(const std::string& stream, int64_t revision) {
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

absl::StatusOr<std::optional<AppendedEvent>> AppendWriter::StoredTwin(const std::string& stream,
                                                                      const EventData& event) {
  Statement query(statements_.stored_twin, connection_.get());
  query.BindText(1, event.event_id);
  ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) return std::nullopt;
  RecordedEvent stored = EventFromRow(query);
  if (stored.stream != stream || !SameContent(stored.data, event)) {
    return EventIdReusedError(event.event_id, stored.position);
  }
  return AppendedEvent{stored.position, stored.revision, true};
}

}  // namespace chancery::eventstore::sqlite
