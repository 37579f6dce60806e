#include "chancery/group_consumer.h"

#include <grpcpp/alarm.h>

#include <deque>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "group_consumer_start.h"
#include "stream_retry.h"

namespace chancery {
namespace {

// The server takes at most this many positions in one ack or nack.
constexpr int kMaxPositionsPerMessage = 10000;

}  // namespace

class GroupConsumer::Core : public std::enable_shared_from_this<Core> {
 public:
  Core(internal::OpenGroupStream open, v1::JoinGroup join, OnDelivery on_delivery,
       ConsumeOptions options)
      : open_(std::move(open)),
        join_(std::move(join)),
        on_delivery_(std::move(on_delivery)),
        options_(std::move(options)),
        backoff_(options_.min_backoff, options_.max_backoff) {}

  // Start joins the group; the handler is given `consumer`, which must
  // outlive the core's end.
  void Start(GroupConsumer* consumer) ABSL_LOCKS_EXCLUDED(mu_) {
    consumer_ = consumer;
    StartAttempt();
  }
  // Settle queues acknowledgements, or negative ones with `nack_reason`.
  Result<void> Settle(const std::vector<uint64_t>& positions, const std::string* nack_reason)
      ABSL_LOCKS_EXCLUDED(mu_);
  void Cancel() ABSL_LOCKS_EXCLUDED(mu_);
  Result<void> Wait() ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<v1::GroupHeartbeat> last_heartbeat() ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return heartbeat_;
  }

 private:
  class Attempt;

  // StartAttempt joins the group with a new call.
  void StartAttempt() ABSL_LOCKS_EXCLUDED(mu_);
  // What the call in flight reports.
  void Handle(const v1::ConsumeGroupResponse& message) ABSL_LOCKS_EXCLUDED(mu_);
  void WriteDone(bool ok) ABSL_LOCKS_EXCLUDED(mu_);
  void ReadsEnded() ABSL_LOCKS_EXCLUDED(mu_);
  void Detach() ABSL_LOCKS_EXCLUDED(mu_);
  // WriteNext writes the next queued message, or closes the stream when
  // leaving; once nothing more will be written it lets the call end.
  void WriteNext() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // AttemptEnded decides, when a call ends with `status`, whether to join
  // again.
  void AttemptEnded(const grpc::Status& status) ABSL_LOCKS_EXCLUDED(mu_);
  void RejoinLater(absl::Duration delay) ABSL_LOCKS_EXCLUDED(mu_);
  void BackoffEnded(bool fired) ABSL_LOCKS_EXCLUDED(mu_);
  // LeaveTimedOut cuts the call when the server has not ended it in time.
  void LeaveTimedOut(bool fired) ABSL_LOCKS_EXCLUDED(mu_);
  // Finish ends the consumer; call it once, after the last call's end.
  void Finish(Result<void> result) ABSL_LOCKS_EXCLUDED(mu_);

  const internal::OpenGroupStream open_;
  const v1::JoinGroup join_;
  const OnDelivery on_delivery_;
  const ConsumeOptions options_;
  GroupConsumer* consumer_ = nullptr;  // Set before the first call starts.

  absl::Mutex mu_;
  internal::Backoff backoff_ ABSL_GUARDED_BY(mu_);
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  Result<void> result_ ABSL_GUARDED_BY(mu_);
  std::optional<v1::GroupHeartbeat> heartbeat_ ABSL_GUARDED_BY(mu_);
  // The pause before the next join, and the wait for the server to end a
  // call we are leaving: to cancel.
  std::unique_ptr<grpc::Alarm> backoff_alarm_ ABSL_GUARDED_BY(mu_);
  std::unique_ptr<grpc::Alarm> leave_alarm_ ABSL_GUARDED_BY(mu_);

  // The call in flight (null between calls) and its writes: the join, then
  // acks and nacks one at a time in the order they were queued; when
  // leaving, the stream is closed once they are written, and the server
  // applies what it read before the close, then ends the call. Acks are
  // written from outside the call's reactions, so a hold keeps the call
  // until no more writes can start (`closed_`).
  Attempt* attempt_ ABSL_GUARDED_BY(mu_) = nullptr;
  v1::ConsumeGroupRequest writing_message_ ABSL_GUARDED_BY(mu_);
  std::deque<v1::ConsumeGroupRequest> outbox_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;  // No more writes will start.
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  bool joined_ ABSL_GUARDED_BY(mu_) = false;  // The server has answered the join.
};

// One ConsumeGroup call; it deletes itself when the call is done. The core
// keeps its state.
class GroupConsumer::Core::Attempt : public internal::GroupReactor {
 public:
  explicit Attempt(std::shared_ptr<Core> core) : core_(std::move(core)) {
    context_.set_wait_for_ready(true);  // Wait for a restarting server rather than fail.
    for (const auto& [key, value] : core_->options_.metadata) context_.AddMetadata(key, value);
  }

  // Start starts the call, its first write `join`, with the core's hold.
  void Start(const v1::ConsumeGroupRequest* join) {
    core_->open_(&context_, this);
    AddHold();
    StartWrite(join);
    StartRead(&response_);
    StartCall();
  }

  void Cut() { context_.TryCancel(); }

  void OnWriteDone(bool ok) override { core_->WriteDone(ok); }

  void OnReadDone(bool ok) override {
    if (!ok) return core_->ReadsEnded();  // OnDone follows.
    core_->Handle(response_);
    StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    const std::shared_ptr<Core> core = core_;
    core->Detach();
    // The context goes first: it holds the channel, which the consumer's
    // owner may destroy as soon as the core has finished.
    delete this;
    core->AttemptEnded(status);
  }

 private:
  const std::shared_ptr<Core> core_;  // Outlives every call.
  grpc::ClientContext context_;
  v1::ConsumeGroupResponse response_;  // gRPC's while a read is under way.
};

void GroupConsumer::Core::StartAttempt() {
  Attempt* attempt;
  const v1::ConsumeGroupRequest* join;
  {
    absl::ReleasableMutexLock lock(&mu_);
    if (cancelled_) {
      lock.Release();
      return Finish({});
    }
    attempt = new Attempt(shared_from_this());
    attempt_ = attempt;
    outbox_.clear();
    writing_message_.Clear();
    *writing_message_.mutable_join() = join_;
    join = &writing_message_;
    writing_ = true;  // Until the join is written, whatever else is queued waits.
    closed_ = false;
    held_ = true;
    joined_ = false;
  }
  attempt->Start(join);
}

Result<void> GroupConsumer::Core::Settle(const std::vector<uint64_t>& positions,
                                         const std::string* nack_reason) {
  std::vector<v1::ConsumeGroupRequest> messages;
  for (size_t first = 0; first < positions.size(); first += kMaxPositionsPerMessage) {
    const auto begin = positions.begin() + first;
    const auto end = positions.size() - first > kMaxPositionsPerMessage
                         ? begin + kMaxPositionsPerMessage
                         : positions.end();
    v1::ConsumeGroupRequest& message = messages.emplace_back();
    if (nack_reason == nullptr) {
      message.mutable_ack()->mutable_positions()->Add(begin, end);
    } else {
      message.mutable_nack()->mutable_positions()->Add(begin, end);
      message.mutable_nack()->set_reason(*nack_reason);
    }
  }
  absl::MutexLock lock(&mu_);
  // While leaving, what comes before the stream is closed is still sent.
  if (attempt_ != nullptr && !closed_) {
    for (v1::ConsumeGroupRequest& message : messages) outbox_.push_back(std::move(message));
    WriteNext();
    return {};
  }
  if (cancelled_ || ended_) {
    return Error(grpc::StatusCode::CANCELLED, "chancery::GroupConsumer: it has left the group");
  }
  return Error(grpc::StatusCode::UNAVAILABLE,
               "chancery::GroupConsumer: not joined to the group now (it joins again, and the "
               "server delivers again what it held)");
}

void GroupConsumer::Core::Handle(const v1::ConsumeGroupResponse& message) {
  switch (message.content_case()) {
    case v1::ConsumeGroupResponse::kJoined: {
      {
        absl::MutexLock lock(&mu_);
        joined_ = true;
      }
      if (options_.on_joined) options_.on_joined(message.joined());
      return;
    }
    case v1::ConsumeGroupResponse::kHeartbeat: {
      absl::MutexLock lock(&mu_);
      heartbeat_ = message.heartbeat();
      return;
    }
    case v1::ConsumeGroupResponse::kRefused:
      if (options_.on_refused) options_.on_refused(message.refused());
      return;
    case v1::ConsumeGroupResponse::kDeliveries:
      for (const v1::GroupDelivery& delivery : message.deliveries().deliveries()) {
        {
          absl::MutexLock lock(&mu_);
          if (cancelled_) return;
        }
        if (on_delivery_(delivery, *consumer_) == Next::kStop) Cancel();
      }
      return;
    default:
      return;
  }
}

void GroupConsumer::Core::WriteDone(bool ok) {
  absl::MutexLock lock(&mu_);
  writing_ = false;
  if (!ok) closed_ = true;  // The call is ending; OnDone says how.
  WriteNext();
}

void GroupConsumer::Core::ReadsEnded() {
  absl::MutexLock lock(&mu_);
  closed_ = true;  // The call is ending.
  WriteNext();
}

void GroupConsumer::Core::Detach() {
  absl::MutexLock lock(&mu_);
  attempt_ = nullptr;
}

void GroupConsumer::Core::WriteNext() {
  if (!writing_ && !closed_) {
    if (!outbox_.empty()) {
      writing_message_ = std::move(outbox_.front());
      outbox_.pop_front();
      writing_ = true;
      attempt_->StartWrite(&writing_message_);
    } else if (cancelled_ && joined_) {
      closed_ = true;
      attempt_->StartWritesDone();
    }
  }
  if (closed_ && !writing_ && held_) {
    held_ = false;
    attempt_->RemoveHold();
  }
}

void GroupConsumer::Core::AttemptEnded(const grpc::Status& status) {
  absl::Duration delay;
  {
    absl::ReleasableMutexLock lock(&mu_);
    const bool left = cancelled_ || status.ok();
    if (left || !options_.rejoin || !internal::Recoverable(status.error_code())) {
      lock.Release();
      return Finish(left ? Result<void>() : Error::FromStatus(status));
    }
    if (joined_) backoff_.Reset();
    delay = backoff_.Next();
  }
  if (options_.on_rejoin) options_.on_rejoin(Error::FromStatus(status));
  RejoinLater(delay);
}

void GroupConsumer::Core::RejoinLater(absl::Duration delay) {
  absl::ReleasableMutexLock lock(&mu_);
  if (cancelled_) {
    lock.Release();
    return Finish({});
  }
  backoff_alarm_ = std::make_unique<grpc::Alarm>();
  internal::SetAlarm(*backoff_alarm_, delay, shared_from_this(), &Core::BackoffEnded);
}

void GroupConsumer::Core::BackoffEnded(bool fired) {
  if (fired) return StartAttempt();
  Finish({});  // Cancelled while waiting.
}

void GroupConsumer::Core::LeaveTimedOut(bool fired) {
  if (!fired) return;
  absl::MutexLock lock(&mu_);
  if (attempt_ != nullptr) attempt_->Cut();
}

void GroupConsumer::Core::Cancel() {
  grpc::Alarm* backoff_alarm;
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return;
    cancelled_ = true;
    if (attempt_ != nullptr) {
      // Before the server has answered the join it holds nothing of ours:
      // the call is cut. Else the stream is closed once what is queued is
      // written.
      if (joined_) {
        WriteNext();
      } else {
        attempt_->Cut();
      }
      leave_alarm_ = std::make_unique<grpc::Alarm>();
      internal::SetAlarm(*leave_alarm_, options_.leave_timeout, shared_from_this(),
                         &Core::LeaveTimedOut);
    }
    // No new alarm replaces this one once cancelled_ is set.
    backoff_alarm = backoff_alarm_.get();
  }
  // Outside the lock: the alarm's callback takes it.
  if (backoff_alarm != nullptr) backoff_alarm->Cancel();
}

void GroupConsumer::Core::Finish(Result<void> result) {
  if (options_.on_end) options_.on_end(result);
  grpc::Alarm* leave_alarm;
  {
    absl::MutexLock lock(&mu_);
    ended_ = true;
    result_ = std::move(result);
    leave_alarm = leave_alarm_.get();
  }
  // Lets go of the core the alarm's callback holds.
  if (leave_alarm != nullptr) leave_alarm->Cancel();
}

Result<void> GroupConsumer::Core::Wait() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&ended_));
  return result_;
}

GroupConsumer::~GroupConsumer() {
  Cancel();
  Wait();
}

Result<void> GroupConsumer::Ack(const std::vector<uint64_t>& positions) {
  return core_->Settle(positions, nullptr);
}

Result<void> GroupConsumer::Nack(const std::vector<uint64_t>& positions,
                                 const std::string& reason) {
  return core_->Settle(positions, &reason);
}

void GroupConsumer::Cancel() { core_->Cancel(); }

Result<void> GroupConsumer::Wait() { return core_->Wait(); }

std::optional<v1::GroupHeartbeat> GroupConsumer::last_heartbeat() const {
  return core_->last_heartbeat();
}

namespace internal {

std::unique_ptr<GroupConsumer> StartGroupConsumer(std::shared_ptr<const void> channel_owner,
                                                  OpenGroupStream open, v1::JoinGroup join,
                                                  OnDelivery on_delivery,
                                                  ConsumeOptions options) {
  auto core = std::make_shared<GroupConsumer::Core>(std::move(open), std::move(join),
                                                    std::move(on_delivery), std::move(options));
  auto consumer = std::make_unique<GroupConsumer>(core, std::move(channel_owner));
  core->Start(consumer.get());
  return consumer;
}

}  // namespace internal
}  // namespace chancery
