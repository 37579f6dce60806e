#include "chancery/subscription.h"

#include <grpcpp/alarm.h>

#include <optional>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "stream_retry.h"
#include "subscription_start.h"

namespace chancery {
namespace {

// The position a message covers: resuming after it neither repeats nor skips.
uint64_t PositionOf(const v1::SubscribeLogResponse& message, uint64_t previous) {
  switch (message.content_case()) {
    case v1::SubscribeLogResponse::kRecords:
      return message.records().records().empty()
                 ? previous
                 : message.records().records().rbegin()->position();
    case v1::SubscribeLogResponse::kCaughtUp:
      return message.caught_up().position();
    case v1::SubscribeLogResponse::kCheckpoint:
      return message.checkpoint().position();
    default:
      return previous;
  }
}

uint64_t PositionOf(const v1::WatchRelationshipsResponse& message, uint64_t previous) {
  switch (message.content_case()) {
    case v1::WatchRelationshipsResponse::kChange:
      return message.change().position();
    case v1::WatchRelationshipsResponse::kCaughtUp:
      return message.caught_up().position();
    case v1::WatchRelationshipsResponse::kCheckpoint:
      return message.checkpoint().position();
    default:
      return previous;
  }
}

}  // namespace

template <typename Response>
class Subscription<Response>::Core : public std::enable_shared_from_this<Core> {
 public:
  using Request = typename internal::RequestOf<Response>::Type;

  Core(internal::OpenStream<Response> open, Request request,
       OnMessage<Response> on_message, SubscribeOptions options)
      : open_(std::move(open)),
        request_(std::move(request)),
        on_message_(std::move(on_message)),
        options_(std::move(options)),
        position_(request_.after_position()),
        backoff_(options_.min_backoff, options_.max_backoff) {}

  // StartAttempt subscribes after the last position handled.
  void StartAttempt();
  void Cancel();
  Result<void> Wait();
  bool WaitUntilCaughtUp(absl::Duration timeout);
  uint64_t position() {
    absl::MutexLock lock(&mu_);
    return position_;
  }

 private:
  class Attempt;

  void Deliver(const Response& message);
  // Detach forgets the call that has ended.
  void Detach() {
    absl::MutexLock lock(&mu_);
    call_ = nullptr;
  }
  // AttemptEnded decides, when a call ends with `status`, whether to resume;
  // `delivered` says whether it delivered anything.
  void AttemptEnded(const grpc::Status& status, bool delivered);
  // ResumeLater starts the next attempt after the back-off.
  void ResumeLater(absl::Duration delay);
  // BackoffEnded starts the next attempt, or finishes when cancelled meanwhile.
  void BackoffEnded(bool fired);
  // Finish ends the subscription; call it once, after the last call's end.
  void Finish(Result<void> result) ABSL_LOCKS_EXCLUDED(mu_) {
    if (options_.on_end) options_.on_end(result);
    absl::MutexLock lock(&mu_);
    ended_ = true;
    result_ = std::move(result);
  }

  const internal::OpenStream<Response> open_;
  const Request request_;
  const OnMessage<Response> on_message_;
  const SubscribeOptions options_;

  absl::Mutex mu_;
  uint64_t position_ ABSL_GUARDED_BY(mu_);
  internal::Backoff backoff_ ABSL_GUARDED_BY(mu_);
  bool caught_up_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  Result<void> result_ ABSL_GUARDED_BY(mu_);
  // The call in flight, to cancel; null between calls.
  grpc::ClientContext* call_ ABSL_GUARDED_BY(mu_) = nullptr;
  // The pause before the next call, to cancel.
  std::unique_ptr<grpc::Alarm> backoff_alarm_ ABSL_GUARDED_BY(mu_);
};

// One call of the subscription; it deletes itself when the call is done.
template <typename Response>
class Subscription<Response>::Core::Attempt : public grpc::ClientReadReactor<Response> {
 public:
  Attempt(std::shared_ptr<Core> core, Request request)
      : core_(std::move(core)), request_(std::move(request)) {
    context_.set_wait_for_ready(true);  // Wait for a restarting server rather than fail.
    for (const auto& [key, value] : core_->options_.metadata) context_.AddMetadata(key, value);
  }
  grpc::ClientContext* context() { return &context_; }
  void Start() {
    core_->open_(&context_, &request_, this);
    this->StartRead(&message_);
    this->StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows.
    delivered_ = true;
    core_->Deliver(message_);
    this->StartRead(&message_);
  }
  void OnDone(const grpc::Status& status) override {
    const std::shared_ptr<Core> core = core_;
    const bool delivered = delivered_;
    // Cancel must no longer reach the context, which goes first: it holds
    // the channel, which the subscription's owner may destroy as soon as the
    // core has finished.
    core->Detach();
    delete this;
    core->AttemptEnded(status, delivered);
  }

 private:
  const std::shared_ptr<Core> core_;  // Outlives every call.
  grpc::ClientContext context_;
  Request request_;
  Response message_;
  bool delivered_ = false;
};

template <typename Response>
void Subscription<Response>::Core::StartAttempt() {
  Attempt* attempt;
  {
    absl::ReleasableMutexLock lock(&mu_);
    if (cancelled_) {
      lock.Release();
      return Finish({});
    }
    Request request = request_;
    request.set_after_position(position_);
    attempt = new Attempt(this->shared_from_this(), std::move(request));
    call_ = attempt->context();
  }
  attempt->Start();
}

template <typename Response>
void Subscription<Response>::Core::Deliver(const Response& message) {
  {
    absl::MutexLock lock(&mu_);
    if (cancelled_) return;
    position_ = PositionOf(message, position_);
    if (message.has_caught_up()) caught_up_ = true;
  }
  if (on_message_(message) == Next::kStop) Cancel();
}

template <typename Response>
void Subscription<Response>::Core::AttemptEnded(const grpc::Status& status, bool delivered) {
  absl::Duration delay;
  uint64_t after;
  {
    absl::ReleasableMutexLock lock(&mu_);
    const bool ended = cancelled_ || status.ok();
    if (ended || !options_.resume || !internal::Recoverable(status.error_code())) {
      lock.Release();
      return Finish(ended ? Result<void>() : Error::FromStatus(status));
    }
    if (delivered) backoff_.Reset();
    delay = backoff_.Next();
    after = position_;
  }
  if (options_.on_resume) options_.on_resume(Error::FromStatus(status), after);
  ResumeLater(delay);
}

template <typename Response>
void Subscription<Response>::Core::ResumeLater(absl::Duration delay) {
  absl::ReleasableMutexLock lock(&mu_);
  if (cancelled_) {
    lock.Release();
    return Finish({});
  }
  backoff_alarm_ = std::make_unique<grpc::Alarm>();
  internal::SetAlarm(*backoff_alarm_, delay, this->shared_from_this(), &Core::BackoffEnded);
}

template <typename Response>
void Subscription<Response>::Core::BackoffEnded(bool fired) {
  if (fired) return StartAttempt();
  Finish({});  // Cancelled while waiting.
}

template <typename Response>
void Subscription<Response>::Core::Cancel() {
  grpc::Alarm* alarm;
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    if (call_ != nullptr) call_->TryCancel();
    // No new alarm replaces this one once cancelled_ is set.
    alarm = backoff_alarm_.get();
  }
  // Outside the lock: the alarm's callback takes it.
  if (alarm != nullptr) alarm->Cancel();
}

template <typename Response>
Result<void> Subscription<Response>::Core::Wait() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(&ended_));
  return result_;
}

template <typename Response>
bool Subscription<Response>::Core::WaitUntilCaughtUp(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto settled = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return caught_up_ || ended_; };
  mu_.AwaitWithTimeout(absl::Condition(&settled), timeout);
  return caught_up_;
}

template <typename Response>
Subscription<Response>::~Subscription() {
  Cancel();
  Wait();
}

template <typename Response>
void Subscription<Response>::Cancel() {
  core_->Cancel();
}

template <typename Response>
Result<void> Subscription<Response>::Wait() {
  return core_->Wait();
}

template <typename Response>
bool Subscription<Response>::WaitUntilCaughtUp(absl::Duration timeout) {
  return core_->WaitUntilCaughtUp(timeout);
}

template <typename Response>
uint64_t Subscription<Response>::position() const {
  return core_->position();
}

template class Subscription<v1::SubscribeLogResponse>;
template class Subscription<v1::WatchRelationshipsResponse>;

namespace internal {

template <typename Response>
std::unique_ptr<Subscription<Response>> StartSubscription(
    std::shared_ptr<const void> channel_owner, OpenStream<Response> open,
    typename RequestOf<Response>::Type request, OnMessage<Response> on_message,
    SubscribeOptions options) {
  auto core = std::make_shared<typename Subscription<Response>::Core>(
      std::move(open), std::move(request), std::move(on_message), std::move(options));
  core->StartAttempt();
  return std::make_unique<Subscription<Response>>(std::move(core), std::move(channel_owner));
}

template std::unique_ptr<LogSubscription> StartSubscription(
    std::shared_ptr<const void>, OpenStream<v1::SubscribeLogResponse>, v1::SubscribeLogRequest,
    OnMessage<v1::SubscribeLogResponse>, SubscribeOptions);
template std::unique_ptr<RelationshipWatch> StartSubscription(
    std::shared_ptr<const void>, OpenStream<v1::WatchRelationshipsResponse>, v1::WatchRelationshipsRequest,
    OnMessage<v1::WatchRelationshipsResponse>, SubscribeOptions);

}  // namespace internal
}  // namespace chancery
