// SubscribeLogReactor: one SubscribeLog stream, on gRPC's callback API.
//
// The reactor keeps a cursor: every record at or before it has been sent or
// filtered out. It pulls what comes after the cursor from the LogFanout's
// in-memory window, or, while catching up on older history, from the store,
// so the switch from catch-up to live delivery has no gap and no duplicate.
// One write is in flight at a time; the fanout's OnAdvanced wakes an idle
// reactor. A subscriber that falls out of the window after catching up is
// ended with RESOURCE_EXHAUSTED; at shutdown streams end with UNAVAILABLE.
// Both carry SubscriptionEnded with the last position delivered.

#ifndef CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "absl/time/time.h"
#include "chancery/v1/event_log_service.pb.h"
#include "eventstore/event_store.h"
#include "services/server/log_fanout.h"
#include "services/server/record_filter.h"

namespace chancery::server {

class SubscribeLogReactor final : public grpc::ServerWriteReactor<v1::SubscribeLogResponse>,
                                  public LogFanout::Subscriber {
 public:
  // The reactor deletes itself when the RPC is done. `after_position` must
  // not be past the head.
  SubscribeLogReactor(eventstore::EventStore* store, LogFanout* fanout, uint64_t after_position,
                      RecordFilter filter);

  // Start attaches to the fanout and begins streaming.
  void Start();

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;
  void OnAdvanced() override;
  void OnClosed() override;

 private:
  // Pump moves the stream forward: fills the outbox, starts the next write.
  void Pump();
  // Take* examine records after the cursor and queue what passes the filter;
  // they run under mutex_.
  void TakeFromWindow(const LogFanout::Slice& slice);
  void TakeRecords(const std::vector<SharedRecord>& records);
  void QueueCheckpointIfDue();
  void FinishOnce(grpc::Status status);  // Under mutex_.
  grpc::Status Ended(grpc::StatusCode code, const std::string& message) const;

  eventstore::EventStore* const store_;
  LogFanout* const fanout_;
  const RecordFilter filter_;

  std::mutex mutex_;
  uint64_t cursor_;             // Guarded by mutex_.
  uint64_t queued_through_;     // Position of the last message queued. Guarded by mutex_.
  uint64_t delivered_;          // Position of the last message written. Guarded by mutex_.
  absl::Time last_queued_time_;  // Guarded by mutex_.
  std::deque<v1::SubscribeLogResponse> outbox_;  // Guarded by mutex_.
  v1::SubscribeLogResponse in_flight_;            // Written by gRPC while writing_.
  bool writing_ = false;    // Guarded by mutex_.
  bool reading_ = false;    // A store read is running. Guarded by mutex_.
  std::condition_variable read_done_;  // Signalled when reading_ turns false.
  bool caught_up_ = false;  // Guarded by mutex_.
  bool finished_ = false;   // Guarded by mutex_.
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_
