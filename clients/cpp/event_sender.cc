#include "clients/cpp/event_sender.h"

#include <functional>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "clients/cpp/cli_context.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

constexpr size_t kMaxBatchBytes = 3 << 20;  // The server takes 4 MiB; leave room.
constexpr int kRetries = 5;
constexpr absl::Duration kBatchTimeout = absl::Minutes(2);

// EventViolations groups the BadRequest violations of `status` by event:
// "events[3].cameo_code: ..." gives {3: "cameo_code: ..."}. Empty when a
// violation names no event (the request as a whole is wrong).
std::map<int, std::string> EventViolations(const grpc::Status& status) {
  std::map<int, std::string> reasons;
  for (const auto& violation : BadRequestViolations(status)) {
    absl::string_view field = violation.field();
    int index = -1;
    const size_t close = field.find(']');
    if (!absl::ConsumePrefix(&field, "events[") || close == absl::string_view::npos ||
        !absl::SimpleAtoi(field.substr(0, close - 7), &index) || index < 0) {
      return {};
    }
    field.remove_prefix(close - 7 + 1);
    absl::ConsumePrefix(&field, ".");
    std::string& reason = reasons[index];
    absl::StrAppend(&reason, reason.empty() ? "" : "; ", field.empty() ? "event" : field, ": ",
                    violation.description());
  }
  return reasons;
}

// CallRetrying makes `call` with a fresh context whose deadline is `timeout`
// away, and makes it again after a growing pause while it fails with
// UNAVAILABLE or DEADLINE_EXCEEDED and fewer than kRetries retries are spent
// (`*retries` counts them, so one batch sent in several rounds shares them).
// It returns the last call's status.
grpc::Status CallRetrying(absl::Duration timeout, int* retries,
                          const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  while (true) {
    grpc::ClientContext context;
    SetDeadline(context, timeout);
    const grpc::Status status = call(&context);
    const grpc::StatusCode code = status.error_code();
    const bool transient =
        code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED;
    if (!transient || *retries >= kRetries) return status;
    ++*retries;
    absl::SleepFor(absl::Milliseconds(500) * *retries);
  }
}

}  // namespace

EventSender::EventSender(v1::RelationsService::Stub& stub, Options options, ImportLedger& ledger)
    : stub_(stub), options_(options), ledger_(ledger) {
  for (int i = 0; i < options_.in_flight; ++i) workers_.emplace_back([this] { Work(); });
}

EventSender::~EventSender() { Finish(); }

void EventSender::Add(RowRef line, v1::DiplomaticEvent event) {
  const size_t bytes = event.ByteSizeLong();
  if (!pending_.lines.empty() && pending_.bytes + bytes > kMaxBatchBytes) Submit();
  *pending_.request.add_events() = std::move(event);
  pending_.lines.push_back(std::move(line));
  pending_.bytes += bytes;
  if (static_cast<int>(pending_.lines.size()) >= options_.batch_size) Submit();
}

void EventSender::Submit() {
  if (pending_.lines.empty()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  // One batch may wait while every worker is busy; the reader waits beyond that.
  changed_.wait(lock, [this] { return queue_.empty() || !error_.ok(); });
  if (error_.ok()) queue_.push_back(std::move(pending_));
  pending_ = Batch();
  changed_.notify_all();
}

void EventSender::Flush() {
  Submit();
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return (queue_.empty() && busy_ == 0) || !error_.ok(); });
}

void EventSender::Retract(const RowRef& line, const v1::Retraction& retraction) {
  Flush();
  if (failed()) return;
  v1::RetractEventRequest request;
  request.set_event_id(retraction.retracted_event_id());
  request.set_reason(retraction.reason());
  int retries = 0;
  v1::RetractEventResponse response;
  const grpc::Status status =
      CallRetrying(kCallTimeout, &retries, [&](grpc::ClientContext* call) {
        return stub_.RetractEvent(call, request, &response);
      });
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      ledger_.Recorded(line, response.result().duplicate());
      return;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
      ledger_.Rejected(line, absl::StrCat("retraction: ", status.error_message()));
      return;
    default:
      Fail(status);
      return;
  }
}

grpc::Status EventSender::Finish() {
  Flush();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
    changed_.notify_all();
  }
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

bool EventSender::failed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return !error_.ok();
}

void EventSender::Fail(const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (error_.ok()) error_ = status;
  queue_.clear();
  changed_.notify_all();
}

void EventSender::Work() {
  while (true) {
    Batch batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [this] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      changed_.notify_all();
    }
    const grpc::Status status = Send(batch);
    if (!status.ok()) Fail(status);
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
    changed_.notify_all();
  }
}

grpc::Status EventSender::Send(Batch& batch) {
  int retries = 0;
  while (batch.request.events_size() > 0) {
    v1::RecordEventsResponse response;
    const grpc::Status status =
        CallRetrying(kBatchTimeout, &retries, [&](grpc::ClientContext* call) {
          return stub_.RecordEvents(call, batch.request, &response);
        });
    if (status.ok()) {
      for (int i = 0; i < response.results_size(); ++i) {
        ledger_.Recorded(batch.lines[i], response.results(i).duplicate());
      }
      return status;
    }
    const grpc::StatusCode code = status.error_code();
    if (code != grpc::StatusCode::INVALID_ARGUMENT && code != grpc::StatusCode::ALREADY_EXISTS) {
      return status;
    }
    const std::map<int, std::string> reasons = EventViolations(status);
    if (reasons.empty() || reasons.rbegin()->first >= batch.request.events_size()) return status;
    // Reject the named events and send the others again.
    Batch rest;
    for (int i = 0; i < batch.request.events_size(); ++i) {
      if (auto it = reasons.find(i); it != reasons.end()) {
        ledger_.Rejected(batch.lines[i], it->second);
      } else {
        *rest.request.add_events() = std::move(*batch.request.mutable_events(i));
        rest.lines.push_back(std::move(batch.lines[i]));
      }
    }
    batch = std::move(rest);
  }
  return grpc::Status::OK;
}

}  // namespace chancery::cli
