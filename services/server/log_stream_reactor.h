// LogStreamReactor: one server stream that follows the log, on gRPC's
// callback API. SubscribeLog and WatchRelationships are both this reactor,
// with a Policy that turns each record into what the stream sends.
//
// The reactor keeps a cursor: every record at or before it has been turned
// into messages (or into none). It pulls what comes after the cursor from
// the LogFanout's in-memory window, or, while catching up on older history,
// from the store (never past the fanout's head, which the projections have
// folded), so the switch from catch-up to live delivery has no gap and no
// duplicate. One write is in flight at a time; the fanout's OnAdvanced wakes
// an idle reactor. One CaughtUp marker follows the catch-up; a Checkpoint
// goes out when the policy passed nothing for a while. A subscriber that
// falls out of the window after catching up is ended with
// RESOURCE_EXHAUSTED; at shutdown streams end with UNAVAILABLE. Both carry
// SubscriptionEnded with the last position delivered, and wait for the write
// in flight: a status sent behind it may arrive with it or without it, so its
// position would be unsure.
//
// A Policy provides:
//   using Pending = ...;   // A message being gathered.
//   using Response = ...;  // What goes on the wire.
//   // Queue what `record` contributes to `outbox` (possibly adding to
//   // outbox.back()); true if it queued anything.
//   bool Take(const SharedRecord& record, std::deque<Pending>& outbox);
//   static Pending CaughtUp(uint64_t position);
//   static Pending Checkpoint(uint64_t position);
//   // The position a message covers: resuming after it loses nothing.
//   static uint64_t Position(const Pending& message);
//   // The wire form of a message, made when its write starts.
//   Response Encode(Pending message) const;

#ifndef CHANCERY_SERVICES_SERVER_LOG_STREAM_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_LOG_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "chancery/v1/subscription.pb.h"
#include "eventstore/event_store.h"
#include "services/server/call_limits.h"
#include "services/server/executor.h"
#include "services/server/log_fanout.h"
#include "services/server/metrics.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

// Records examined per step, from the window or the store.
inline constexpr size_t kStreamBatch = 500;
// A Checkpoint is sent when the policy has passed nothing for this many
// positions, or, once caught up, for this long.
inline constexpr uint64_t kCheckpointPositions = 1000;
inline constexpr absl::Duration kCheckpointInterval = absl::Seconds(1);

template <typename Policy>
class LogStreamReactor final : public grpc::ServerWriteReactor<typename Policy::Response>,
                               public LogFanout::Subscriber {
 public:
  using Pending = typename Policy::Pending;
  using Response = typename Policy::Response;

  // The reactor deletes itself when the RPC is done. `after_position` must
  // not be past the fanout's head. Store reads run on `executor`. It holds
  // `slot` (its caller's count of open streams) until done.
  LogStreamReactor(eventstore::EventStore* store, LogFanout* fanout, Executor* executor,
                   uint64_t after_position, Policy policy, StreamSlot slot,
                   StreamMetrics& metrics)
      : store_(store),
        fanout_(fanout),
        executor_(executor),
        slot_(std::move(slot)),
        metrics_(metrics),
        open_(metrics),
        policy_(std::move(policy)),
        cursor_(after_position),
        queued_through_(after_position),
        delivered_(after_position),
        last_queued_time_(absl::Now()) {}

  // Start attaches to the fanout and begins streaming.
  void Start() {
    {
      // The catch-up ends at the log's head as of now, which the fanout may
      // not have published yet.
      absl::MutexLock lock(&mutex_);
      absl::StatusOr<uint64_t> head = store_->HeadPosition();
      if (!head.ok()) {
        FinishOnce(RpcStatus(head.status()));
        return;
      }
      catch_up_to_ = *head;
    }
    if (!fanout_->Attach(this)) {
      absl::MutexLock lock(&mutex_);
      EndAfterWrite(kShuttingDown);
      return;
    }
    Pump();
  }

  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&mutex_);
      writing_ = false;
      if (!ok) {
        // The client is gone; OnCancel or OnDone follows.
        FinishOnce(RpcStatus(absl::CancelledError("write failed")));
        return;
      }
      delivered_ = in_flight_position_;
      if (ending_.has_value()) {
        FinishOnce(Ended(*ending_));
        return;
      }
    }
    Pump();
  }

  void OnAdvanced() override {
    {
      // A subscriber stuck behind a full transport learns it here, not when
      // its write finally completes.
      absl::MutexLock lock(&mutex_);
      if (caught_up_ && writing_ && cursor_ + 1 < fanout_->window_start()) {
        FellBehind();
        return;
      }
    }
    Pump();
  }

  void OnClosed() override {
    absl::MutexLock lock(&mutex_);
    EndAfterWrite(kShuttingDown);
  }

  void OnCancel() override {
    absl::MutexLock lock(&mutex_);
    FinishOnce(RpcStatus(absl::CancelledError("cancelled by the client")));
  }

  void OnDone() override {
    {
      // A cancelled call can be done while a store read for it runs.
      absl::MutexLock lock(&mutex_);
      done_ = true;
      if (jobs_ > 0) return;  // The last job on the executor ends the reactor.
    }
    Destroy();
  }

 private:
  // Pump moves the stream forward: fills the outbox, starts the next write.
  void Pump() ABSL_LOCKS_EXCLUDED(mutex_) {
    {
      absl::MutexLock lock(&mutex_);
      if (!NextWrite()) return;
    }
    this->StartWrite(&in_flight_);
  }

  // NextWrite fills the outbox and takes its first message into in_flight_:
  // true if that is to be written now.
  bool NextWrite() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    while (!finished_ && !ending_.has_value() && !writing_ && !reading_ && outbox_.empty()) {
      const uint64_t examined_before = cursor_;
      const LogFanout::Scan scan =
          fanout_->ForEachAfter(cursor_, kStreamBatch, [this](const SharedRecord& record) {
            mutex_.AssertHeld();  // This thread's, around ForEachAfter.
            TakeRecord(record);
          });
      if (!scan.before_window) {
        AfterTaking(scan.head);
        if (!outbox_.empty()) break;
        if (cursor_ == examined_before) return false;  // At the head: OnAdvanced wakes us.
        continue;  // All passed over; look further.
      }
      if (caught_up_) {
        FellBehind();
        return false;
      }
      // Catching up on history older than the window: read it from the
      // store on the executor, so that neither gRPC's threads nor the
      // fanout's (OnAdvanced) ever wait for the disk. The read pumps on.
      reading_ = true;
      ++jobs_;
      executor_->Post([this, from = cursor_ + 1, head = scan.head] { ReadThenPump(from, head); });
      return false;
    }
    if (finished_ || ending_.has_value() || writing_ || outbox_.empty()) return false;
    writing_ = true;
    metrics_.delivered.Increment();
    in_flight_position_ = Policy::Position(outbox_.front());
    in_flight_ = policy_.Encode(std::move(outbox_.front()));
    outbox_.pop_front();
    // No buffer hint (in Pump's StartWrite): a hinted write may wait for the
    // next one to go out, and the next one waits for this one's OnWriteDone,
    // so a catch-up that ends with its CaughtUp marker queued behind the
    // records never arrived.
    return true;
  }

  // ReadThenPump, a job on the executor, reads the history from `from` up
  // to `head` (at most a batch), takes it and moves the stream on. The
  // reactor lives until its last job ends: gRPC knows nothing of them.
  void ReadThenPump(uint64_t from, uint64_t head) ABSL_LOCKS_EXCLUDED(mutex_) {
    std::vector<SharedRecord> records;
    const absl::Status problem = ReadHistory(from, head, records);
    bool write = false;
    {
      absl::MutexLock lock(&mutex_);
      reading_ = false;
      if (!done_ && !problem.ok()) {
        FinishOnce(RpcStatus(problem));
      } else if (!done_) {
        for (const SharedRecord& record : records) TakeRecord(record);
        AfterTaking(/*head=*/0);
        write = NextWrite();
      }
    }
    if (write) this->StartWrite(&in_flight_);
    bool done;
    {
      absl::MutexLock lock(&mutex_);
      done = --jobs_ == 0 && done_;
    }
    if (done) Destroy();  // OnDone came meanwhile and left it to this job.
  }

  void Destroy() {
    fanout_->Detach(this);
    delete this;
  }

  // ReadHistory reads the records from `from` up to `head` (at most a batch).
  absl::Status ReadHistory(uint64_t from, uint64_t head, std::vector<SharedRecord>& records) {
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
        store_->ReadLog({from, "", {}, kStreamBatch});
    if (!events.ok()) return events.status();
    for (eventstore::RecordedEvent& event : *events) {
      if (event.position > head) break;
      records.push_back(Share(std::move(event)));
    }
    if (records.empty()) {
      return absl::DataLossError(absl::StrCat("the log has no position ", from,
                                              " although later ones are published"));
    }
    return absl::OkStatus();
  }

  // TakeRecord examines a record after the cursor and queues what the
  // policy passes; AfterTaking follows each run of them, given the window's
  // head (0 for records from the store).
  void TakeRecord(const SharedRecord& record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (record->position() <= cursor_) return;
    cursor_ = record->position();
    if (policy_.Take(record, outbox_)) queued_through_ = cursor_;
  }

  void AfterTaking(uint64_t head) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    const absl::Time now = absl::Now();
    if (!outbox_.empty()) last_queued_time_ = now;
    if (cursor_ == head && cursor_ >= catch_up_to_ && !caught_up_) {
      caught_up_ = true;
      outbox_.push_back(Policy::CaughtUp(cursor_));
      queued_through_ = cursor_;
      last_queued_time_ = now;
      return;
    }
    QueueCheckpointIfDue(now);
  }

  void QueueCheckpointIfDue(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (!outbox_.empty() || cursor_ == queued_through_) return;
    const bool far = cursor_ - queued_through_ >= kCheckpointPositions;
    const bool late = caught_up_ && now - last_queued_time_ >= kCheckpointInterval;
    if (!far && !late) return;
    outbox_.push_back(Policy::Checkpoint(cursor_));
    queued_through_ = cursor_;
    last_queued_time_ = now;
  }

  void FinishOnce(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (finished_) return;
    finished_ = true;
    this->Finish(std::move(status));
  }

  // Why a stream ends with SubscriptionEnded.
  using Ending = std::pair<absl::StatusCode, const char*>;
  static constexpr Ending kFellBehind = {
      absl::StatusCode::kResourceExhausted,
      "the subscriber fell behind further than the server buffers; resubscribe after "
      "SubscriptionEnded.last_position"};
  static constexpr Ending kShuttingDown = {
      absl::StatusCode::kUnavailable,
      "the server is shutting down; resubscribe after SubscriptionEnded.last_position"};

  // EndAfterWrite ends the stream now, or when the write in flight is done
  // (a stalled one: when the client reads again, cancels, or shutdown's grace
  // runs out). Nothing more is queued meanwhile.
  // FellBehind ends a subscriber the window has left behind (counted once).
  void FellBehind() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (!finished_ && !ending_.has_value()) metrics_.ended_slow.Increment();
    EndAfterWrite(kFellBehind);
  }

  void EndAfterWrite(Ending ending) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (!writing_) {
      FinishOnce(Ended(ending));
      return;
    }
    if (!ending_.has_value()) ending_ = ending;
    outbox_.clear();
  }

  grpc::Status Ended(Ending ending) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    v1::SubscriptionEnded ended;
    ended.set_last_position(delivered_);
    return RpcStatusWithDetail(ending.first, ending.second, ended);
  }

  eventstore::EventStore* const store_;
  LogFanout* const fanout_;
  Executor* const executor_;
  const StreamSlot slot_;
  StreamMetrics& metrics_;
  const OpenStream open_;
  absl::Mutex mutex_;
  Policy policy_ ABSL_GUARDED_BY(mutex_);
  uint64_t cursor_ ABSL_GUARDED_BY(mutex_);
  uint64_t queued_through_ ABSL_GUARDED_BY(mutex_);  // Position of the last message queued.
  uint64_t delivered_ ABSL_GUARDED_BY(mutex_);  // Position of the last message written.
  absl::Time last_queued_time_ ABSL_GUARDED_BY(mutex_);
  std::deque<Pending> outbox_ ABSL_GUARDED_BY(mutex_);
  Response in_flight_;  // Set under mutex_ before writing_ turns true; gRPC's while it is.
  uint64_t in_flight_position_ ABSL_GUARDED_BY(mutex_) = 0;  // What in_flight_ covers.
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool reading_ ABSL_GUARDED_BY(mutex_) = false;  // A store read is running.
  int jobs_ ABSL_GUARDED_BY(mutex_) = 0;          // Of this reactor's, on the executor.
  bool done_ ABSL_GUARDED_BY(mutex_) = false;     // OnDone has come.
  uint64_t catch_up_to_ ABSL_GUARDED_BY(mutex_) = 0;  // The log's head at Start.
  bool caught_up_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
  std::optional<Ending> ending_ ABSL_GUARDED_BY(mutex_);  // Set by EndAfterWrite.
};

// RefusedStream: a stream refused before it starts, which only finishes.
template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(grpc::Status status) { this->Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_LOG_STREAM_REACTOR_H_
