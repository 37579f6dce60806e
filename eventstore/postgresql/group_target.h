// GroupTarget: the append rules' view (append_rules.h) of one group's
// transaction, held in memory so that a group costs two round trips to the
// server whatever its size: what the database holds of the group's streams
// and event ids is read first, in two queries sent with the lock and the
// head (PrefetchQueries), the rules run against that, and the rows they
// insert are written at the end in one INSERT (CommitRows of rows()), sent
// with the COMMIT. The writer holds the log's lock throughout, so nothing
// changes under it meanwhile.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_GROUP_TARGET_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_GROUP_TARGET_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "eventstore/append_queue.h"
#include "eventstore/append_rules.h"
#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

class GroupTarget final : public AppendTarget {
 public:
  // PrefetchQueries: the two queries that read the revisions of `group`'s
  // streams and the events stored with its ids; TakePrefetched takes their
  // results, in that order.
  static std::vector<Statement> PrefetchQueries(const std::vector<AppendQueue::Pending>& group);
  void TakePrefetched(const Result& revisions, const Result& stored);

  // A point to go back to: Undo(Mark()) forgets what a refused request did.
  struct Mark {
    size_t rows;
    size_t moves;
  };
  Mark Here() const { return {rows_.size(), moves_.size()}; }
  void Undo(Mark mark);

  // The rows the rules have inserted, in order.
  const std::vector<RecordedEvent>& rows() const { return rows_; }

  absl::StatusOr<int64_t> StreamRevision(const std::string& stream) override;
  absl::StatusOr<std::optional<RecordedEvent>> StoredEvent(const std::string& event_id) override;
  absl::StatusOr<bool> Insert(const RecordedEventView& event) override;
  void StreamMoved(const std::string& stream, int64_t revision) override;

 private:
  absl::flat_hash_map<std::string, int64_t> revisions_;  // Absent: no event yet.
  absl::flat_hash_map<std::string, RecordedEvent> stored_;  // By event id.
  std::vector<RecordedEvent> rows_;                         // To insert, in order.
  absl::flat_hash_map<std::string, size_t> row_of_id_;      // Index into rows_.
  // Each StreamMoved: the stream and its revision before (nullopt: none).
  std::vector<std::pair<std::string, std::optional<int64_t>>> moves_;
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_GROUP_TARGET_H_
