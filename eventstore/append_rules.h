// The rules of an append, the same for every backend: expected revisions,
// retries that find their events stored, event ids reused for other
// content, and the hash chain. A backend's writer applies them inside its
// open transaction through an AppendTarget.

#ifndef CHANCERY_EVENTSTORE_APPEND_RULES_H_
#define CHANCERY_EVENTSTORE_APPEND_RULES_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/append.h"
#include "eventstore/event.h"

namespace chancery::eventstore {

// The last event of the chain: what the next event links to.
struct ChainHead {
  uint64_t position = 0;
  std::string hash;  // GenesisHash() before the first event.
  int64_t recorded_time_us = 0;
};

// What a writer's open transaction offers the rules.
class AppendTarget {
 public:
  virtual ~AppendTarget() = default;
  // The stream's last revision as of the transaction; kNoStreamRevision if
  // it has no event.
  virtual absl::StatusOr<int64_t> StreamRevision(const std::string& stream) = 0;
  // The event stored with `event_id`, if any.
  virtual absl::StatusOr<std::optional<RecordedEvent>> StoredEvent(
      const std::string& event_id) = 0;
  // Insert stores `event`, or nothing and false if its id is stored already.
  virtual absl::StatusOr<bool> Insert(const RecordedEventView& event) = 0;
  // StreamMoved: the transaction took `stream` to `revision`.
  virtual void StreamMoved(const std::string& stream, int64_t revision) {}
};

// ApplyRequest applies `request` through `target`, its events recorded at
// `now_us` and chained from `head`, which it advances; the result or why
// the request is refused (ABORTED for a revision conflict, ALREADY_EXISTS
// for an id reused with other content) or failed (the target's error). A
// refused or failed request may have written part of itself: the caller
// rolls its transaction (or savepoint) back.
absl::StatusOr<AppendResult> ApplyRequest(AppendTarget& target, const AppendRequest& request,
                                          int64_t now_us, ChainHead& head);

// IsRefusal: ApplyRequest refused the request itself (a revision conflict,
// an event id reused), as opposed to failing with the storage under it.
bool IsRefusal(const absl::Status& status);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_APPEND_RULES_H_
