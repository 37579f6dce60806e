// AppendWriter: the one thread that writes to the SQLite event log.
//
// Callers on any thread Submit requests; the writer takes every request that
// is waiting and commits them in one transaction (group commit), so one fsync
// serves many callers. Each request runs inside its own SAVEPOINT, so a
// request that fails (a revision conflict, a reused event id) is rolled back
// alone and the others in its group still commit.

#ifndef CHANCERY_EVENTSTORE_SQLITE_APPEND_WRITER_H_
#define CHANCERY_EVENTSTORE_SQLITE_APPEND_WRITER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/append.h"
#include "eventstore/event_store.h"
#include "eventstore/head_signal.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

class AppendWriter {
 public:
  // Start takes over `connection` (schema prepared, no transaction open),
  // reads the head of the chain from it and starts the writer thread, which
  // publishes each committed head to `head_signal`.
  static absl::StatusOr<std::unique_ptr<AppendWriter>> Start(
      std::unique_ptr<Connection> connection, HeadSignal* head_signal);
  ~AppendWriter();  // Stop()s.

  // Submit queues `request`; `done` is called on the writer thread once it
  // has committed or failed. After Stop, `done` gets UNAVAILABLE at once.
  void Submit(AppendRequest request, EventStore::AppendCallback done);

  // Stop commits everything already submitted, then ends the thread.
  void Stop();

 private:
  struct Pending {
    AppendRequest request;
    EventStore::AppendCallback done;
  };
  // The last event of the chain: what the next event links to.
  struct ChainHead {
    uint64_t position = 0;
    std::string hash;
    int64_t recorded_time_us = 0;
  };

  AppendWriter(std::unique_ptr<Connection> connection, HeadSignal* head_signal, ChainHead head);

  void Run();
  std::vector<Pending> NextGroup();
  void CommitGroup(std::vector<Pending>& group);
  // Apply* write inside the open transaction and advance `head`.
  absl::StatusOr<AppendResult> ApplyRequest(const AppendRequest& request, int64_t now_us,
                                            ChainHead& head);
  absl::Status ApplyStream(const StreamAppend& part, int64_t now_us, ChainHead& head,
                           AppendResult& result);
  absl::StatusOr<int64_t> StreamRevision(const std::string& stream);
  // StoredTwin finds `event` by id: the original's place if it was stored
  // with the same stream and content, ALREADY_EXISTS if with other content,
  // nullopt if the id is new.
  absl::StatusOr<std::optional<AppendedEvent>> StoredTwin(const std::string& stream,
                                                          const EventData& event);

  const std::unique_ptr<Connection> connection_;
  HeadSignal* const head_signal_;
  ChainHead committed_head_;  // Only the writer thread touches it.

  std::mutex mutex_;
  std::condition_variable submitted_;
  std::deque<Pending> queue_;  // Guarded by mutex_.
  bool stopping_ = false;      // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_APPEND_WRITER_H_
