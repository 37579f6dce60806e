// What an append asks for and what it answers.
//
// An AppendRequest holds events for one or more streams and is committed
// atomically: every event is stored, or none is. Each stream's part carries
// an ExpectedRevision for optimistic concurrency.
//
// Example:
//   AppendRequest request;
//   request.streams.push_back(
//       {"KHM-USA", ExpectedRevision::Exactly(41), {event_a, event_b}});
//   absl::StatusOr<AppendResult> result = store.Append(std::move(request));

#ifndef CHANCERY_EVENTSTORE_APPEND_H_
#define CHANCERY_EVENTSTORE_APPEND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "eventstore/event.h"

namespace chancery::eventstore {

// The revision a writer believes a stream to be at.
class ExpectedRevision {
 public:
  // Any revision, including a stream that does not exist yet.
  static ExpectedRevision Any() { return ExpectedRevision(kAny); }
  // The stream must have no events yet.
  static ExpectedRevision NoStream() { return ExpectedRevision(kNoStreamRevision); }
  // The stream's last event must have exactly `revision`.
  static ExpectedRevision Exactly(int64_t revision) { return ExpectedRevision(revision); }

  // Whether a stream now at `current` (kNoStreamRevision if empty) satisfies it.
  bool Admits(int64_t current) const { return value_ == kAny || value_ == current; }
  bool is_any() const { return value_ == kAny; }
  // The revision required; meaningless when is_any().
  int64_t revision() const { return value_; }

 private:
  static constexpr int64_t kAny = -2;
  explicit ExpectedRevision(int64_t value) : value_(value) {}
  int64_t value_;
};

struct StreamAppend {
  std::string stream;  // Non-empty; any UTF-8 name.
  ExpectedRevision expected = ExpectedRevision::Any();
  std::vector<EventData> events;  // Non-empty.
};

struct AppendRequest {
  std::vector<StreamAppend> streams;  // Non-empty; committed together.
  // A request still waiting for the writer at this time is not appended but
  // answered DEADLINE_EXCEEDED (DeadlineExceededError), so that answer means
  // nothing of it was stored.
  absl::Time deadline = absl::InfiniteFuture();
};

// Where one submitted event ended up.
struct AppendedEvent {
  uint64_t position = 0;
  int64_t revision = 0;
  // True when the event id was already stored with the same content: nothing
  // was written and `position` / `revision` are the original ones.
  bool duplicate = false;
};

struct AppendResult {
  // One entry per submitted event, in request order (streams, then events).
  std::vector<AppendedEvent> events;
};

// ValidateAppendRequest checks the shape of a request before it is queued:
// at least one stream, each with a name and at least one event, each event
// with an id and a type. The error names the first bad field.
absl::Status ValidateAppendRequest(const AppendRequest& request);

// A revision conflict is an ABORTED status whose payload carries the stream's
// current revision, so a writer can re-read and retry.
absl::Status RevisionConflictError(const std::string& stream, ExpectedRevision expected,
                                   int64_t current_revision);
// The current revision carried by a conflict from RevisionConflictError, or
// nullopt if `status` is not such a conflict.
std::optional<int64_t> ConflictCurrentRevision(const absl::Status& status);
// The stream named by a conflict from RevisionConflictError, or nullopt.
std::optional<std::string> ConflictStream(const absl::Status& status);

// The answer to a request whose deadline passed before the writer reached it.
absl::Status AppendDeadlineExceededError();

// Reusing an event id for other content is ALREADY_EXISTS; its payload names
// the id, so a caller can point at the offending event.
absl::Status EventIdReusedError(const std::string& event_id, uint64_t stored_position);
// The id carried by an error from EventIdReusedError, or nullopt.
std::optional<std::string> ReusedEventId(const absl::Status& status);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_APPEND_H_
