// AppendWriter: the one thread that writes to the SQLite event log.
//
// Callers on any thread Submit requests; the writer takes every request that
// is waiting (GroupWriter) and commits them in one transaction (group
// commit), so one fsync serves many callers. Each request runs inside its
// own SAVEPOINT, so a request that fails (a revision conflict, a reused
// event id) is rolled back alone and the others in its group still commit.
// The writer is the rules' AppendTarget (append_rules.h) for its open
// transaction.
//
// A storage fault (an I/O error, a full disk, a lock held too long) fails the
// whole group and turns the store's writability off; so does finding, before
// a commit, that the database file is no longer the one opened (the
// transaction is rolled back: nothing goes into a file a restart would not
// find). While writability is off and no request waits, the writer commits
// a change of nothing about once a second, and the first commit that
// succeeds turns it on again.

#ifndef CHANCERY_EVENTSTORE_SQLITE_APPEND_WRITER_H_
#define CHANCERY_EVENTSTORE_SQLITE_APPEND_WRITER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "eventstore/append.h"
#include "eventstore/append_queue.h"
#include "eventstore/group_writer.h"
#include "eventstore/append_rules.h"
#include "eventstore/event_store.h"
#include "eventstore/head_signal.h"
#include "eventstore/sqlite/connection.h"
#include "eventstore/sqlite/file_identity.h"
#include "eventstore/writability.h"

namespace chancery::eventstore::sqlite {

class AppendWriter final : private AppendTarget {
 public:
  // Start takes over `connection` (schema prepared, no transaction open),
  // reads the head of the chain from it and starts the writer thread, which
  // publishes each committed head to `head_signal` and the outcome of its
  // commits to `writability`, and commits only while `files` still names the
  // files it opened.
  static absl::StatusOr<std::unique_ptr<AppendWriter>> Start(
      std::unique_ptr<Connection> connection, HeadSignal* head_signal, Writability* writability,
      FileIdentity files);
  ~AppendWriter();  // Stop()s.

  // Submit queues `request`; `done` is called on the writer thread once it
  // has committed or failed. After Stop, `done` gets UNAVAILABLE at once.
  void Submit(AppendRequest request, EventStore::AppendCallback done);

  // Stop commits everything already submitted, then ends the thread.
  void Stop();

  // SetObserver: `observer` hears of each commit (GroupWriter::SetObserver).
  void SetObserver(StoreObserver* observer) { group_writer_.SetObserver(observer); }

 private:
  // The statements of the hot path, compiled once (owned by the connection).
  struct Statements {
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* stream_revision = nullptr;
    sqlite3_stmt* stored_twin = nullptr;
  };

  AppendWriter(std::unique_ptr<Connection> connection, HeadSignal* head_signal,
               Writability* writability, FileIdentity files, ChainHead head,
               Statements statements);

  void CommitGroup(std::vector<AppendQueue::Pending>& group);
  // Commit commits the open transaction, unless the files are no longer the
  // ones opened (the caller then rolls it back).
  absl::Status Commit();
  // Probe commits a change of nothing, to learn whether commits succeed again.
  void Probe();
  // The AppendTarget: StreamRevision reads the stream's last revision as of
  // the open transaction from stream_revisions_, or else the database.
  absl::StatusOr<int64_t> StreamRevision(const std::string& stream) override;
  absl::StatusOr<std::optional<RecordedEvent>> StoredEvent(const std::string& event_id) override;
  absl::StatusOr<bool> Insert(const RecordedEventView& event) override;
  // StreamMoved notes in stream_revisions_ that the open transaction moved
  // `stream` to `revision`, and how to undo it.
  void StreamMoved(const std::string& stream, int64_t revision) override;
  // UndoStreamRevisions undoes the notes after the first `mark` (the size of
  // revision_undo_ when the rolled-back part of the transaction began).
  void UndoStreamRevisions(size_t mark);

  const std::unique_ptr<Connection> connection_;
  HeadSignal* const head_signal_;
  Writability* const writability_;
  const FileIdentity files_;
  ChainHead committed_head_;  // Only the writer thread touches it.
  const Statements statements_;

  // The last revision of each stream the writer has read or written, as of
  // the open transaction: the writer is the file's only writer, so a stream
  // looked up once needs no look-up again. Cleared between transactions
  // when it grows past a bound. Only the writer thread touches these.
  absl::flat_hash_map<std::string, int64_t> stream_revisions_;
  // What the open transaction changed in stream_revisions_: each stream
  // with its revision before (kUncached: it had no entry), in order.
  std::vector<std::pair<std::string, int64_t>> revision_undo_;

  GroupWriter group_writer_;  // Last: its thread starts once the rest is ready.
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_APPEND_WRITER_H_
