// SqliteGroupStore: subscription groups' state in the log's SQLite file
// (tables subscription_groups, subscription_group_members and
// subscription_group_parked, docs/storage.md),
// written on a connection of its own.

#ifndef CHANCERY_EVENTSTORE_SQLITE_SQLITE_GROUP_STORE_H_
#define CHANCERY_EVENTSTORE_SQLITE_SQLITE_GROUP_STORE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/group_store.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

class SqliteGroupStore final : public GroupStore {
 public:
  // Open opens its connection to the database at `path` (whose schema is
  // already prepared) through `vfs`.
  static absl::StatusOr<std::unique_ptr<SqliteGroupStore>> Open(const std::string& path,
                                                                const std::string& vfs);

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
  explicit SqliteGroupStore(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)) {}

  absl::StatusOr<StoredGroup> GetLocked(absl::string_view name)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // ParkedWhere: the group's parked events that pass `condition`, whose
  // parameters ?2, ?3, ... are `values`.
  absl::StatusOr<std::vector<ParkedEvent>> ParkedWhere(const char* condition,
                                                       absl::string_view name,
                                                       const std::vector<int64_t>& values)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // The bodies of the calls that write in one transaction, and its end:
  // COMMIT when `result` is OK, else ROLLBACK.
  absl::StatusOr<std::pair<StoredGroup, bool>> CreateLocked(const StoredGroup& group)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::Status DeleteLocked(absl::string_view name) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::StatusOr<std::vector<ParkedEvent>> MarkReplayingLocked(
      absl::string_view name, const std::vector<uint64_t>& positions)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  template <typename Result>
  Result EndTransaction(Result result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex mutex_;
  const std::unique_ptr<Connection> connection_ ABSL_PT_GUARDED_BY(mutex_);
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_SQLITE_GROUP_STORE_H_
