// EventStore: the backend-neutral interface to Chancery's event log.
//
// The log is an ordered sequence of immutable events. Each event belongs to a
// stream and has a 0-based revision within it, a 1-based global position, the
// time it happened (valid time) and the time it was recorded (transaction
// time), and a link in a SHA-256 hash chain over the whole log.
//
// All methods are thread-safe. Errors are absl::Status values with the most
// specific code: INVALID_ARGUMENT for a malformed request, ABORTED for a
// revision conflict (see append.h), ALREADY_EXISTS for an event id reused with
// other content, UNAVAILABLE when the store cannot write now (it is shutting
// down, or a storage fault: an I/O error, a full disk, a lock held too long,
// the database file deleted or replaced), DATA_LOSS for a corrupt file and
// INTERNAL for anything else. A failed append writes nothing.
//
// Example:
//   auto store = OpenEventStore("sqlite:chancery.db", Durability::kFull);
//   if (!store.ok()) return store.status();
//   auto result = (*store)->Append(std::move(request));

#ifndef CHANCERY_EVENTSTORE_EVENT_STORE_H_
#define CHANCERY_EVENTSTORE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "eventstore/append.h"
#include "eventstore/event.h"
#include "eventstore/group_store.h"
#include "eventstore/store_observer.h"
#include "eventstore/writability.h"

namespace chancery::eventstore {

class BackupSource;  // backup.h

enum class Direction { kForwards, kBackwards };

struct StreamReadOptions {
  std::string stream;
  Direction direction = Direction::kForwards;
  // First revision to return. Reading backwards from kLatestRevision starts
  // at the stream's last event.
  int64_t from_revision = 0;
  static constexpr int64_t kLatestRevision = INT64_MAX;
  size_t max_count = 1000;
};

struct LogReadOptions {
  uint64_t from_position = 1;  // Inclusive.
  // Only events whose stream name starts with this; empty matches all.
  std::string stream_prefix;
  // Only events of these types; empty matches all.
  std::vector<std::string> event_types;
  size_t max_count = 1000;
};

// The outcome of walking the hash chain.
struct VerifyResult {
  uint64_t event_count = 0;  // Events whose hash matched.
  // The first position whose stored hash does not match the recomputed one
  // (or that is missing from the sequence); 0 when the whole chain verifies.
  uint64_t first_bad_position = 0;
  std::string head_hash;  // 32 bytes; all zero for an empty log. Unset if bad.

  bool ok() const { return first_bad_position == 0; }
};

class EventStore {
 public:
  using AppendCallback = std::function<void(absl::StatusOr<AppendResult>)>;

  virtual ~EventStore() = default;

  // AppendAsync submits `request` and calls `done` once it is durable (per the
  // store's durability) or has failed. Many concurrent appends may share one
  // transaction, but each request stays atomic: a failed one changes nothing
  // and does not affect the others. `done` runs on the store's writer thread
  // and must not block. It is called exactly once, even at shutdown.
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Append is AppendAsync that waits for the answer.
  absl::StatusOr<AppendResult> Append(AppendRequest request);

  // ReadStream returns up to `max_count` events of one stream from
  // `from_revision` in the given direction; an unknown stream reads as empty.
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      const StreamReadOptions& options) = 0;

  // ReadLog returns up to `max_count` events in global order from
  // `from_position` that pass the filters.
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadLog(const LogReadOptions& options) = 0;

  // ScanLog calls `visit` for up to `max_count` events in global order from
  // `from_position`, each viewed in place (nothing is copied), until `visit`
  // returns false. Returns how many it visited. For whole-log passes such
  // as rebuilding projections, where ReadLog's copies would dominate.
  virtual absl::StatusOr<size_t> ScanLog(
      uint64_t from_position, size_t max_count,
      const std::function<bool(const RecordedEventView&)>& visit) = 0;

  // ReadPositions returns the events at `positions` (in any order, repeats
  // allowed) in one read, in ascending position order, each once; a
  // position the log does not hold is left out. For reads that show the
  // records behind many entries at once (a timeline page).
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadPositions(
      const std::vector<uint64_t>& positions) = 0;

  // ReadEvent returns the event recorded with `event_id`; NOT_FOUND if none.
  virtual absl::StatusOr<RecordedEvent> ReadEvent(const std::string& event_id) = 0;

  // HeadPosition is the position of the last committed event (0 if none).
  virtual absl::StatusOr<uint64_t> HeadPosition() = 0;

  // WaitForEvents blocks until the head is past `after_position`, `deadline`
  // passes, or the store shuts down, and returns the head position then. The
  // writer wakes waiters when it commits; nothing polls the database.
  virtual absl::StatusOr<uint64_t> WaitForEvents(uint64_t after_position,
                                                 absl::Time deadline) = 0;

  // VerifyChain walks the whole log recomputing the hash chain.
  virtual absl::StatusOr<VerifyResult> VerifyChain() = 0;

  // Secret is the database's 32 random bytes, created with it and kept in
  // it (read once, at open): the key of the MACs that let the server trust
  // what it hands out and reads back (projection snapshots, page tokens).
  // It never leaves the server.
  virtual const std::string& Secret() const = 0;

  // SetWritabilityListener: `listener` hears at once whether commits succeed
  // (OK) or why they fail, and again whenever that changes. A commit that
  // fails for a storage fault turns writability off; the store then tries a
  // commit of its own about once a second, and the first commit that
  // succeeds, its own or an append's, turns it on again. An empty listener
  // replaces the last one with none. Listeners run on a store thread and
  // must neither block nor call the store (writability.h).
  virtual void SetWritabilityListener(WritabilityListener listener) = 0;

  // SetObserver makes `observer` (which outlives the store) hear of the
  // store's commits and checkpoints; set it before appending.
  virtual void SetObserver(StoreObserver* observer) = 0;

  // Groups is the state of subscription groups, kept in the same database.
  virtual GroupStore& Groups() = 0;

  // Backups: how to back up a store whose database is one file, while it
  // serves (backup.h); null for a store that is not one file (PostgreSQL).
  virtual BackupSource* Backups() { return nullptr; }
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_EVENT_STORE_H_
