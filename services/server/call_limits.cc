#include "services/server/call_limits.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "services/server/rpc_status.h"
#include "services/server/token_authenticator.h"

namespace chancery::server {
namespace {

// Past this many callers, those with nothing open are forgotten (a full
// bucket is what a new caller gets anyway, give or take a second's rate).
constexpr size_t kMaxRememberedCallers = 100000;

// HostOf: "ipv4:127.0.0.1:5678" -> "ipv4:127.0.0.1".
std::string HostOf(const std::string& peer) {
  const size_t colon = peer.rfind(':');
  return colon == std::string::npos ? peer : peer.substr(0, colon);
}

grpc::Status Exhausted(const std::string& message, absl::Duration retry_after) {
  google::rpc::RetryInfo retry;
  const int64_t nanos = std::max<int64_t>(absl::ToInt64Nanoseconds(retry_after), 1000000);
  retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return RpcStatusWithDetail(absl::StatusCode::kResourceExhausted, message, retry);
}

}  // namespace

grpc::Status DeadlineExceeded() {
  return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                      "the call's deadline passed while it waited to be served; nothing was done "
                      "(a call that sets no deadline gets chanceryd's --call-deadline)");
}

absl::Time CallLimits::DeadlineOf(const grpc::ServerContextBase& context) const {
  const gpr_timespec deadline = context.raw_deadline();
  if (gpr_time_cmp(deadline, gpr_inf_future(deadline.clock_type)) == 0) {
    return absl::Now() + settings_.call_deadline;
  }
  return absl::FromChrono(context.deadline());
}

std::string CallerOf(const grpc::ServerContextBase& context) {
  if (std::string recorder = RecorderOf(context); !recorder.empty()) return recorder;
  return HostOf(context.peer());
}

StreamSlot::StreamSlot(StreamSlot&& other) noexcept
    : limits_(std::exchange(other.limits_, nullptr)), caller_(std::move(other.caller_)) {}

StreamSlot& StreamSlot::operator=(StreamSlot&& other) noexcept {
  if (this != &other) {
    if (limits_ != nullptr) limits_->CloseStream(caller_);
    limits_ = std::exchange(other.limits_, nullptr);
    caller_ = std::move(other.caller_);
  }
  return *this;
}

StreamSlot::~StreamSlot() {
  if (limits_ != nullptr) limits_->CloseStream(caller_);
}

absl::Duration CallLimits::Take(Bucket& bucket, double rate, absl::Time now) {
  if (rate <= 0) return absl::ZeroDuration();
  // A second's worth, refilled continuously.
  bucket.tokens = std::min(rate, bucket.tokens + rate * absl::ToDoubleSeconds(now - bucket.refilled));
  bucket.refilled = now;
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return absl::ZeroDuration();
  }
  return absl::Seconds((1 - bucket.tokens) / rate);
}

grpc::Status CallLimits::AdmitLocked(const std::string& caller, CallKind kind) {
  if (callers_.size() > kMaxRememberedCallers) {
    absl::erase_if(callers_, [](const auto& entry) { return entry.second.open_streams == 0; });
  }
  Caller& state = callers_[caller];
  const bool write = kind == CallKind::kWrite;
  const double rate = write ? settings_.write_calls_per_second : settings_.read_calls_per_second;
  const absl::Duration wait = Take(write ? state.writes : state.reads, rate, absl::Now());
  if (wait == absl::ZeroDuration()) return grpc::Status::OK;
  return Exhausted(absl::StrFormat("%s made more than %.0f %s calls a second (--%s-rate); retry "
                                   "in %s",
                                   caller, rate, write ? "write" : "read",
                                   write ? "write" : "read", absl::FormatDuration(wait)),
                   wait);
}

grpc::Status CallLimits::Admit(const std::string& caller, CallKind kind) {
  absl::MutexLock lock(&mutex_);
  return AdmitLocked(caller, kind);
}

grpc::Status CallLimits::OpenStream(std::string caller, StreamSlot* slot) {
  {
    absl::MutexLock lock(&mutex_);
    if (grpc::Status admitted = AdmitLocked(caller, CallKind::kRead); !admitted.ok()) {
      return admitted;
    }
    Caller& state = callers_[caller];
    if (state.open_streams >= settings_.streams_per_caller) {
      // A stream ends when its holder lets it go: a second is a guess.
      return Exhausted(absl::StrCat(caller, " has ", state.open_streams,
                                    " streams open, the most one caller may "
                                    "(--streams-per-caller); close one first"),
                       absl::Seconds(1));
    }
    ++state.open_streams;
  }
  *slot = StreamSlot(this, std::move(caller));  // Outside the lock: it may give a slot back.
  return grpc::Status::OK;
}

void CallLimits::CloseStream(const std::string& caller) {
  absl::MutexLock lock(&mutex_);
  if (auto state = callers_.find(caller); state != callers_.end()) --state->second.open_streams;
}

}  // namespace chancery::server
