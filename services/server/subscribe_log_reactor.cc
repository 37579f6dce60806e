#include "services/server/subscribe_log_reactor.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "chancery/v1/subscription.pb.h"
#include "services/server/log_record_codec.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

// Records examined per step, from the window or the store.
constexpr size_t kBatch = 500;
// At most this many records in one message (each record is at most ~60 KB).
constexpr int kMaxRecordsPerMessage = 50;
// A Checkpoint is sent when a filter has passed nothing for this many
// positions, or, once caught up, for this long.
constexpr uint64_t kCheckpointPositions = 1000;
constexpr absl::Duration kCheckpointInterval = absl::Seconds(1);

}  // namespace

SubscribeLogReactor::SubscribeLogReactor(eventstore::EventStore* store, LogFanout* fanout,
                                         uint64_t after_position, RecordFilter filter)
    : store_(store),
      fanout_(fanout),
      filter_(std::move(filter)),
      cursor_(after_position),
      queued_through_(after_position),
      delivered_(after_position),
      last_queued_time_(absl::Now()) {}

void SubscribeLogReactor::Start() {
  if (!fanout_->Attach(this)) {
    std::lock_guard<std::mutex> lock(mutex_);
    FinishOnce(Ended(grpc::StatusCode::UNAVAILABLE, "the server is shutting down"));
    return;
  }
  Pump();
}

void SubscribeLogReactor::Pump() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!finished_ && !writing_ && !reading_ && outbox_.empty()) {
    LogFanout::Slice slice = fanout_->After(cursor_, kBatch);
    if (!slice.before_window) {
      const uint64_t examined_before = cursor_;
      TakeFromWindow(slice);
      if (!outbox_.empty()) break;
      if (cursor_ == examined_before) return;  // At the head: OnAdvanced wakes us.
      continue;  // All filtered out; look further.
    }
    if (caught_up_) {
      FinishOnce(Ended(grpc::StatusCode::RESOURCE_EXHAUSTED,
                       "the subscriber fell behind further than the server buffers; "
                       "resubscribe after SubscriptionEnded.last_position"));
      return;
    }
    // Catching up on history older than the window: read it from the store,
    // without holding the lock, so OnAdvanced never waits for the disk.
    reading_ = true;
    const uint64_t from = cursor_ + 1;
    lock.unlock();
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
        store_->ReadLog({from, "", {}, kBatch});
    std::vector<SharedRecord> records;
    absl::Status problem = events.status();
    for (size_t i = 0; problem.ok() && i < events->size(); ++i) {
      absl::StatusOr<v1::LogRecord> record = ToLogRecord((*events)[i]);
      if (!record.ok()) {
        problem = record.status();
        break;
      }
      records.push_back(std::make_shared<const v1::LogRecord>(*std::move(record)));
    }
    lock.lock();
    reading_ = false;
    read_done_.notify_all();
    if (problem.ok() && records.empty()) {
      problem = absl::DataLossError(absl::StrCat("the log has no position ", from,
                                                 " although later ones are published"));
    }
    if (!problem.ok()) {
      FinishOnce(RpcStatus(problem));
      return;
    }
    TakeRecords(records);
    QueueCheckpointIfDue();
  }
  if (finished_ || writing_ || outbox_.empty()) return;
  writing_ = true;
  in_flight_ = std::move(outbox_.front());
  outbox_.pop_front();
  // More queued: let gRPC coalesce this write with the next.
  grpc::WriteOptions options;
  if (!outbox_.empty()) options.set_buffer_hint();
  lock.unlock();
  StartWrite(&in_flight_, options);
}

void SubscribeLogReactor::TakeFromWindow(const LogFanout::Slice& slice) {
  TakeRecords(slice.records);
  if (cursor_ == slice.head && !caught_up_) {
    caught_up_ = true;
    outbox_.emplace_back().mutable_caught_up()->set_position(cursor_);
    queued_through_ = cursor_;
    last_queued_time_ = absl::Now();
    return;
  }
  QueueCheckpointIfDue();
}

void SubscribeLogReactor::TakeRecords(const std::vector<SharedRecord>& records) {
  for (const SharedRecord& record : records) {
    if (record->position() <= cursor_) continue;
    cursor_ = record->position();
    if (!filter_.Matches(*record)) continue;
    // Records queued together go out as one message.
    if (outbox_.empty() || !outbox_.back().has_records() ||
        outbox_.back().records().records_size() >= kMaxRecordsPerMessage) {
      outbox_.emplace_back().mutable_records();
    }
    *outbox_.back().mutable_records()->add_records() = *record;
    queued_through_ = cursor_;
    last_queued_time_ = absl::Now();
  }
}

void SubscribeLogReactor::QueueCheckpointIfDue() {
  if (!outbox_.empty() || cursor_ == queued_through_) return;
  const bool far = cursor_ - queued_through_ >= kCheckpointPositions;
  const bool late = caught_up_ && absl::Now() - last_queued_time_ >= kCheckpointInterval;
  if (!far && !late) return;
  outbox_.emplace_back().mutable_checkpoint()->set_position(cursor_);
  queued_through_ = cursor_;
  last_queued_time_ = absl::Now();
}

void SubscribeLogReactor::OnWriteDone(bool ok) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    writing_ = false;
    if (!ok) {
      // The client is gone; OnCancel or OnDone follows.
      FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "write failed"));
      return;
    }
    switch (in_flight_.content_case()) {
      case v1::SubscribeLogResponse::kRecords: {
        const auto& records = in_flight_.records().records();
        delivered_ = records[records.size() - 1].position();
        break;
      }
      case v1::SubscribeLogResponse::kCaughtUp:
        delivered_ = in_flight_.caught_up().position();
        break;
      case v1::SubscribeLogResponse::kCheckpoint:
        delivered_ = in_flight_.checkpoint().position();
        break;
      default:
        break;
    }
  }
  Pump();
}

void SubscribeLogReactor::OnAdvanced() {
  {
    // A subscriber stuck behind a full transport learns it here, not when
    // its write finally completes.
    std::lock_guard<std::mutex> lock(mutex_);
    if (caught_up_ && writing_ && cursor_ + 1 < fanout_->window_start()) {
      FinishOnce(Ended(grpc::StatusCode::RESOURCE_EXHAUSTED,
                       "the subscriber fell behind further than the server buffers; "
                       "resubscribe after SubscriptionEnded.last_position"));
      return;
    }
  }
  Pump();
}

void SubscribeLogReactor::OnClosed() {
  std::lock_guard<std::mutex> lock(mutex_);
  FinishOnce(Ended(grpc::StatusCode::UNAVAILABLE,
                   "the server is shutting down; resubscribe after "
                   "SubscriptionEnded.last_position"));
}

void SubscribeLogReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mutex_);
  FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
}

void SubscribeLogReactor::OnDone() {
  {
    // A cancelled call can be done while Pump still reads the store for it.
    std::unique_lock<std::mutex> lock(mutex_);
    read_done_.wait(lock, [this] { return !reading_; });
  }
  fanout_->Detach(this);
  delete this;
}

void SubscribeLogReactor::FinishOnce(grpc::Status status) {
  if (finished_) return;
  finished_ = true;
  Finish(std::move(status));
}

grpc::Status SubscribeLogReactor::Ended(grpc::StatusCode code, const std::string& message) const {
  v1::SubscriptionEnded ended;
  ended.set_last_position(delivered_);
  return RpcStatusWithDetail(code, message, ended);
}

}  // namespace chancery::server
