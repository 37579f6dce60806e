// GroupStore: the durable state of subscription groups, kept in the same
// database as the log (so a backup of one holds both).
//
// A group is a name, a definition the server owns (opaque bytes here), a
// checkpoint (every event at or before it is done), and a claim: the one
// replica serving the group's consumers, until a time it keeps extending.
// Parked events are the group's events that failed too often.
//
// All methods are thread-safe and do I/O. Errors: NOT_FOUND for an unknown
// group, FAILED_PRECONDITION for a claim held by another replica (the
// message names it), UNAVAILABLE when the database cannot be reached.

#ifndef CHANCERY_EVENTSTORE_GROUP_STORE_H_
#define CHANCERY_EVENTSTORE_GROUP_STORE_H_

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace chancery::eventstore {

struct StoredGroup {
  std::string name;
  std::string definition;  // The server's serialized definition.
  uint64_t checkpoint = 0;
  absl::Time created = absl::UnixEpoch();
};

struct ParkedEvent {
  uint64_t position = 0;
  std::string stream;
  uint32_t attempts = 0;
  std::string last_error;
  absl::Time parked_at = absl::UnixEpoch();
  bool replaying = false;  // Put back into delivery; removed when acknowledged.
};

class GroupStore {
 public:
  virtual ~GroupStore() = default;

  // Create stores `group` if no group has its name, and returns the group
  // stored under the name (`group`, or the one already there) and whether
  // this call created it.
  virtual absl::StatusOr<std::pair<StoredGroup, bool>> Create(const StoredGroup& group) = 0;
  virtual absl::StatusOr<StoredGroup> Get(absl::string_view name) = 0;
  // List returns every group, by name.
  virtual absl::StatusOr<std::vector<StoredGroup>> List() = 0;
  // Delete removes the group and its parked events.
  virtual absl::Status Delete(absl::string_view name) = 0;

  // Claim makes `owner` the group's serving replica until `until`, unless
  // another owner's claim lasts past `now`.
  virtual absl::Status Claim(absl::string_view name, absl::string_view owner, absl::Time now,
                             absl::Time until) = 0;
  // Release ends `owner`'s claim, if it holds one.
  virtual absl::Status Release(absl::string_view name, absl::string_view owner) = 0;
  // SaveCheckpoint sets the checkpoint, if `owner` holds the claim.
  virtual absl::Status SaveCheckpoint(absl::string_view name, absl::string_view owner,
                                      uint64_t checkpoint) = 0;

  // Park stores `event` as parked (replacing an earlier entry of its
  // position, as when a replayed event fails again).
  virtual absl::Status Park(absl::string_view name, const ParkedEvent& event) = 0;
  // ListParked returns up to `max_count` parked events after `after_position`.
  virtual absl::StatusOr<std::vector<ParkedEvent>> ListParked(absl::string_view name,
                                                              uint64_t after_position,
                                                              size_t max_count) = 0;
  virtual absl::StatusOr<uint64_t> CountParked(absl::string_view name) = 0;
  // MarkReplaying marks the parked events at `positions` (every one when
  // empty; positions not parked are passed over) as replaying, and returns
  // them.
  virtual absl::StatusOr<std::vector<ParkedEvent>> MarkReplaying(
      absl::string_view name, const std::vector<uint64_t>& positions) = 0;
  // Replaying returns the parked events marked replaying.
  virtual absl::StatusOr<std::vector<ParkedEvent>> Replaying(absl::string_view name) = 0;
  // Unpark removes a parked event (a replayed one, acknowledged).
  virtual absl::Status Unpark(absl::string_view name, uint64_t position) = 0;
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_GROUP_STORE_H_
