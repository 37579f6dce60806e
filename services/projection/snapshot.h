// Projection snapshots: the ProjectionIndex written to a file with the hash
// of the last log record it reflects, so a restart replays only the tail.
//
// The file is replaced atomically (written aside, synced, renamed), so a
// crash leaves the old snapshot or the new one, never a torn one; a failed
// save removes what it wrote aside.
//
// The file is the serialized ProjectionSnapshot followed by its
// HMAC-SHA256 under the database's secret (EventStore::Secret). The server
// answers from the snapshot as if from the log, so nothing of a file is
// used unless the MAC matches: an edited, damaged or foreign snapshot is
// refused, and the projections are rebuilt from the log.

#ifndef CHANCERY_SERVICES_PROJECTION_SNAPSHOT_H_
#define CHANCERY_SERVICES_PROJECTION_SNAPSHOT_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/projection/projection_index.h"

namespace chancery::projection {

struct Snapshot {
  ProjectionIndex index;
  std::string last_hash;  // Of the record at index.head(); empty when head is 0.
};

// SaveSnapshot writes `index` and the hash of its last record to `path`,
// authenticated with `secret`.
absl::Status SaveSnapshot(const std::string& path, const ProjectionIndex& index,
                          const std::string& last_hash, const std::string& secret);

// LoadSnapshot reads what SaveSnapshot wrote with the same `secret`.
// NOT_FOUND when there is no file; DATA_LOSS when its MAC does not match,
// or it is unreadable or of another format.
absl::StatusOr<Snapshot> LoadSnapshot(const std::string& path, const std::string& secret);

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_SNAPSHOT_H_
