// PostgresqlEventStore: the event log in a PostgreSQL database, shared by
// any number of chanceryd replicas (docs/storage.md, "PostgreSQL").
//
// Each store has one writer thread (append_writer.h: group commit under the
// log's advisory lock, which keeps positions gap-free and in commit order
// across replicas), a pool of reading connections, and a follower
// (head_follower.h) that wakes WaitForEvents for every replica's commits
// through LISTEN/NOTIFY. A lost database is UNAVAILABLE for reads and
// appends alike, and each connection is made again when it returns.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_EVENT_STORE_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_EVENT_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/durability.h"
#include "eventstore/event_store.h"
#include "eventstore/head_signal.h"
#include "eventstore/postgresql/append_writer.h"
#include "eventstore/postgresql/connection.h"
#include "eventstore/postgresql/head_follower.h"
#include "eventstore/postgresql/postgresql_group_store.h"
#include "eventstore/writability.h"

namespace chancery::eventstore::postgresql {

class PostgresqlEventStore final : public EventStore {
 public:
  // Open connects with `uri` (a libpq connection URI), creates or migrates
  // the schema (schema.h) and starts the threads. UNAVAILABLE if the server
  // cannot be reached; FAILED_PRECONDITION for a database that does not
  // exist, a user it refuses, or a newer schema.
  static absl::StatusOr<std::unique_ptr<PostgresqlEventStore>> Open(const std::string& uri,
                                                                    Durability durability);
  ~PostgresqlEventStore() override;

  void AppendAsync(AppendRequest request, AppendCallback done) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(const StreamReadOptions& options) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadLog(const LogReadOptions& options) override;
  absl::StatusOr<size_t> ScanLog(
      uint64_t from_position, size_t max_count,
      const std::function<bool(const RecordedEventView&)>& visit) override;
  absl::StatusOr<std::vector<RecordedEvent>> ReadPositions(
      const std::vector<uint64_t>& positions) override;
  absl::StatusOr<RecordedEvent> ReadEvent(const std::string& event_id) override;
  absl::StatusOr<uint64_t> HeadPosition() override;
  absl::StatusOr<uint64_t> WaitForEvents(uint64_t after_position, absl::Time deadline) override;
  absl::StatusOr<VerifyResult> VerifyChain() override;
  const std::string& Secret() const override { return secret_; }
  void SetWritabilityListener(WritabilityListener listener) override;
  void SetObserver(StoreObserver* observer) override;
  GroupStore& Groups() override { return groups_; }

 private:
  PostgresqlEventStore(std::string uri, std::string secret, Durability durability);

  // Query runs one read on an idle reading connection (a new one if none is
  // idle), which goes back to the pool afterwards unless it was lost.
  absl::StatusOr<Result> Query(const std::string& sql, const std::vector<Param>& params = {});

  const std::string uri_;
  const std::string secret_;
  HeadSignal head_signal_{0};
  Writability writability_;
  absl::Mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mutex_);
  PostgresqlGroupStore groups_{uri_};
  std::unique_ptr<HeadFollower> follower_;
  std::unique_ptr<AppendWriter> writer_;  // Destroyed first: it drains the queue.
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_EVENT_STORE_H_
