// GroupStore: the durable state of subscription groups, kept in the same
// database as the log (so a backup of one holds both).
//
// A group is a name, a definition the server owns (opaque bytes here), a
// checkpoint (every event at or before it is done), and its members: the
// replicas serving its consumers now, each with a lease it keeps renewing
// and a cursor over its share of the group's streams. The members share the
// streams by their order (GroupMembership), so every change of members moves
// each member's cursor back to the lowest one and the group's epoch on: each
// replica then starts again from there with its new share, and nothing is
// skipped (what was done is delivered again). The checkpoint is the lowest
// cursor. Parked events are the group's events that failed too often.
//
// All methods are thread-safe and do I/O. Errors: NOT_FOUND for an unknown
// group, FAILED_PRECONDITION for a member whose epoch has passed (it must
// renew and start again), UNAVAILABLE when the database cannot be reached.

#ifndef CHANCERY_EVENTSTORE_GROUP_STORE_H_
#define CHANCERY_EVENTSTORE_GROUP_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace chancery::eventstore {

struct StoredGroup {
  std::string name;
  std::string definition;  // The server's serialized definition.
  uint64_t checkpoint = 0;
  absl::Time created = absl::UnixEpoch();
};

// A replica's place in a group, as Renew returns it.
struct GroupMembership {
  uint64_t epoch = 0;                 // Moves on at each change of members or cursors
                                      // (a joining member's is past 0).
  std::vector<std::string> replicas;  // The live members, sorted; the caller among them.
  uint64_t cursor = 0;                // The caller's: its share is done up to here.
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

  // Renew makes `replica` a member of the group until `until` (joining it if
  // it is not one, or no longer one), drops the members whose lease ended
  // before `now`, and returns the replica's membership.
  virtual absl::StatusOr<GroupMembership> Renew(absl::string_view name, absl::string_view replica,
                                                absl::Time now, absl::Time until) = 0;
  // SaveCursor moves the member's cursor, if the group's epoch is still
  // `epoch` (else FAILED_PRECONDITION).
  virtual absl::Status SaveCursor(absl::string_view name, absl::string_view replica,
                                  uint64_t epoch, uint64_t cursor) = 0;
  // Leave ends the replica's membership (after saving `cursor`, if the epoch
  // is still `epoch`); the others start again without it.
  virtual absl::Status Leave(absl::string_view name, absl::string_view replica, uint64_t epoch,
                             uint64_t cursor) = 0;
  // Reset moves the checkpoint and every member's cursor to `checkpoint`.
  virtual absl::Status Reset(absl::string_view name, uint64_t checkpoint) = 0;

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
  // them. It moves the epoch on, so that each member takes its share.
  virtual absl::StatusOr<std::vector<ParkedEvent>> MarkReplaying(
      absl::string_view name, const std::vector<uint64_t>& positions) = 0;
  // Replaying returns the parked events marked replaying.
  virtual absl::StatusOr<std::vector<ParkedEvent>> Replaying(absl::string_view name) = 0;
  // Unpark removes a parked event (a replayed one, acknowledged).
  virtual absl::Status Unpark(absl::string_view name, uint64_t position) = 0;
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_GROUP_STORE_H_
