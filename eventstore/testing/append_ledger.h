// AppendLedger: appends requests of fresh events to a store and notes which
// were acknowledged and which failed, for a test to hold the log to later:
// every acknowledged event there, no event of a failed request.

#ifndef CHANCERY_EVENTSTORE_TESTING_APPEND_LEDGER_H_
#define CHANCERY_EVENTSTORE_TESTING_APPEND_LEDGER_H_

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "eventstore/event_store.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/events.h"

namespace chancery::testing {

class AppendLedger {
 public:
  // Append appends one request of three fresh events (two in one stream, one
  // in another, so that a half-written request would show), notes the
  // outcome and returns it. Thread-safe.
  absl::Status Append(eventstore::EventStore& store) {
    std::vector<std::string> ids;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (int i = 0; i < 3; ++i) ids.push_back(absl::StrCat("ledger-", next_id_++));
    }
    eventstore::AppendRequest request;
    request.streams.push_back(
        {"KHM-USA", eventstore::ExpectedRevision::Any(), {MakeEvent(ids[0]), MakeEvent(ids[1])}});
    request.streams.push_back(
        {"CHN-KHM", eventstore::ExpectedRevision::Any(), {MakeEvent(ids[2])}});
    absl::Status outcome = store.Append(std::move(request)).status();
    std::lock_guard<std::mutex> lock(mutex_);
    (outcome.ok() ? acknowledged_ : failed_).insert(ids.begin(), ids.end());
    return outcome;
  }

  std::set<std::string> acknowledged() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return acknowledged_;
  }
  std::set<std::string> failed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return failed_;
  }

 private:
  mutable std::mutex mutex_;
  int next_id_ = 0;                    // Guarded by mutex_.
  std::set<std::string> acknowledged_;  // Guarded by mutex_.
  std::set<std::string> failed_;        // Guarded by mutex_.
};

// ReopenedEventIds opens the store at `path` afresh (SQLite's default VFS),
// checks that its hash chain verifies, and returns the id of every event.
inline absl::StatusOr<std::set<std::string>> ReopenedEventIds(const std::string& path) {
  eventstore::sqlite::SqliteStoreOptions options;
  options.path = path;
  auto store = eventstore::sqlite::SqliteEventStore::Open(options);
  if (!store.ok()) return store.status();
  absl::StatusOr<eventstore::VerifyResult> chain = (*store)->VerifyChain();
  if (!chain.ok()) return chain.status();
  if (!chain->ok()) {
    return absl::DataLossError(absl::StrCat("the chain breaks at ", chain->first_bad_position));
  }
  auto events = (*store)->ReadLog({1, "", {}, 1000000});
  if (!events.ok()) return events.status();
  std::set<std::string> ids;
  for (const eventstore::RecordedEvent& event : *events) ids.insert(event.data.event_id);
  return ids;
}

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_APPEND_LEDGER_H_
