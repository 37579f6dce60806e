// PostgresqlGroupStore: subscription groups' state in the log's database
// (tables chancery_groups, chancery_group_members and chancery_group_parked),
// on a connection of its own, opened again after it is lost.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_GROUP_STORE_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_GROUP_STORE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/group_store.h"
#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

class PostgresqlGroupStore final : public GroupStore {
 public:
  // `uri` as the event store's; the connection is made on first use.
  explicit PostgresqlGroupStore(std::string uri) : uri_(std::move(uri)) {}

  absl::StatusOr<std::pair<StoredGroup, bool>> Create(const StoredGroup& group) override;
  absl::StatusOr<StoredGroup> Get(absl::string_view name) override;
  absl::StatusOr<std::vector<StoredGroup>> List() override;
  absl::Status Delete(absl::string_view name) override;
  absl::StatusOr<GroupMembership> Renew(absl::string_view name, absl::string_view replica,
                                        absl::Time now, absl::Time until) override;
  absl::Status SaveCursor(absl::string_view name, absl::string_view replica, uint64_t epoch,
                          uint64_t cursor) override;
  absl::Status Leave(absl::string_view name, absl::string_view replica, uint64_t epoch,
                     uint64_t cursor) override;
  absl::Status Reset(absl::string_view name, uint64_t checkpoint) override;
  absl::Status Park(absl::string_view name, const ParkedEvent& event) override;
  absl::StatusOr<std::vector<ParkedEvent>> ListParked(absl::string_view name,
                                                      uint64_t after_position,
                                                      size_t max_count) override;
  absl::StatusOr<uint64_t> CountParked(absl::string_view name) override;
  absl::StatusOr<std::vector<ParkedEvent>> MarkReplaying(
      absl::string_view name, const std::vector<uint64_t>& positions) override;
  absl::StatusOr<std::vector<ParkedEvent>> Replaying(absl::string_view name) override;
  absl::Status Unpark(absl::string_view name, uint64_t position) override;

 private:
  // Query runs one statement on the connection, opening it if needed; a
  // lost connection is dropped, to be opened again by the next call.
  absl::StatusOr<Result> Query(const std::string& sql, const std::vector<Param>& params)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::StatusOr<StoredGroup> GetLocked(absl::string_view name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::StatusOr<std::vector<ParkedEvent>> ParkedWhere(const std::string& condition,
                                                       std::vector<Param> params)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::StatusOr<std::vector<ParkedEvent>> MarkReplayingLocked(
      absl::string_view name, const std::vector<uint64_t>& positions)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // EndTransaction ends the transaction begun: COMMIT when `result` is OK,
  // else ROLLBACK.
  template <typename Result>
  Result EndTransaction(Result result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::string uri_;
  absl::Mutex mutex_;
  std::unique_ptr<Connection> connection_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_POSTGRESQL_GROUP_STORE_H_
