#include "clients/cpp/event_sender.h"

#include <functional>

#include "absl/strings/match.h"
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

// DescribeRefusal: why the server refused one record of a partial_success
// batch, its fields named from the record ("cameo_code: ...; source.code:
// ..."), or the error's message when it names no field.
std::string DescribeRefusal(const google::rpc::Status& error) {
  std::string reason;
  for (const auto& violation : Error::FromRpcStatus(error).field_violations()) {
    // "events[3].cameo_code" or "observations[3].b_code": the path from the record.
    absl::string_view field = violation.field();
    if (const size_t close = field.find("]."); close != absl::string_view::npos) {
      field.remove_prefix(close + 2);
    } else if (absl::EndsWith(field, "]")) {
      field = "";
    }
    absl::StrAppend(&reason, reason.empty() ? "" : "; ", field.empty() ? "event" : field, ": ",
                    violation.description());
  }
  return reason.empty() ? error.message() : reason;
}

// CallRetrying makes `call` with a deadline `timeout` away, and makes it
// again after a growing pause while it fails with UNAVAILABLE or
// DEADLINE_EXCEEDED and fewer than kRetries retries are spent (`*retries`
// counts them, so one batch sent in several rounds shares them). It returns
// the last call's result.
template <typename Response>
Result<Response> CallRetrying(absl::Duration timeout, int* retries,
                              const std::function<Result<Response>(const CallOptions&)>& call) {
  while (true) {
    Result<Response> result = call(WithTimeout(timeout));
    const grpc::StatusCode code = result.ok() ? grpc::StatusCode::OK : result.error().code();
    const bool transient =
        code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED;
    if (!transient || *retries >= kRetries) return result;
    ++*retries;
    absl::SleepFor(absl::Milliseconds(500) * *retries);
  }
}

}  // namespace

EventSender::EventSender(const Client& client, Options options, ImportLedger& ledger)
    : client_(client), options_(options), ledger_(ledger) {
  for (int i = 0; i < options_.in_flight; ++i) workers_.emplace_back([this] { Work(); });
}

EventSender::~EventSender() { Finish(); }

bool EventSender::Room(const RowRef& line, size_t bytes, bool observation) {
  if (bytes > kMaxBatchBytes) {
    ledger_.Rejected(line, absl::StrCat("the record is ", bytes, " bytes; at most ", kMaxBatchBytes,
                                        " fit in a request (the server takes 4 MiB)"));
    return false;
  }
  const bool other_kind = observation ? pending_.request.events_size() > 0
                                      : pending_.observations.observations_size() > 0;
  if (other_kind || (!pending_.lines.empty() && pending_.bytes + bytes > kMaxBatchBytes)) {
    Submit();
  }
  return true;
}

void EventSender::Add(RowRef line, v1::DiplomaticEvent event) {
  const size_t bytes = event.ByteSizeLong();
  if (!Room(line, bytes, false)) return;
  pending_.request.set_partial_success(true);
  *pending_.request.add_events() = std::move(event);
  Added(std::move(line), bytes);
}

void EventSender::Add(RowRef line, v1::RepresentationObservation observation) {
  const size_t bytes = observation.ByteSizeLong();
  if (!Room(line, bytes, true)) return;
  pending_.observations.set_partial_success(true);
  *pending_.observations.add_observations() = std::move(observation);
  Added(std::move(line), bytes);
}

void EventSender::Added(RowRef line, size_t bytes) {
  pending_.lines.push_back(std::move(line));
  pending_.bytes += bytes;
  if (static_cast<int>(pending_.lines.size()) >= options_.batch_size) Submit();
}

void EventSender::Submit() {
  if (pending_.lines.empty()) return;
  std::unique_lock<std::mutex> lock(mutex_);
  // One batch may wait while every worker is busy; the reader waits beyond that.
  changed_.wait(lock, [this] { return queue_.empty() || !error_.ok(); });
  if (error_.ok()) {
    queue_.push_back(std::move(pending_));
  } else {
    RejectUnsent(pending_.lines, error_.error());
  }
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
  if (Result<void> failed = error(); !failed.ok()) {
    RejectUnsent({line}, failed.error());
    return;
  }
  v1::RetractEventRequest request;
  request.set_event_id(retraction.retracted_event_id());
  request.set_reason(retraction.reason());
  int retries = 0;
  const Result<v1::RetractEventResponse> response = CallRetrying<v1::RetractEventResponse>(
      kCallTimeout, &retries,
      [&](const CallOptions& options) { return client_.RetractEvent(request, options); });
  if (response.ok()) {
    ledger_.Recorded(line, response->result().duplicate());
    return;
  }
  switch (response.error().code()) {
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::NOT_FOUND:
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::FAILED_PRECONDITION:
      ledger_.Rejected(line, absl::StrCat("retraction: ", response.error().message()));
      return;
    default:
      RejectUnsent({line}, response.error());
      Fail(response.error());
      return;
  }
}

Result<void> EventSender::Finish() {
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

bool EventSender::failed() const { return !error().ok(); }

Result<void> EventSender::error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return error_;
}

void EventSender::Fail(const Error& error) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (error_.ok()) error_ = error;
  for (const Batch& batch : queue_) RejectUnsent(batch.lines, error_.error());
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
    const Result<void> sent = Send(batch);
    if (!sent.ok()) {
      RejectUnsent(batch.lines, sent.error());
      Fail(sent.error());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    --busy_;
    changed_.notify_all();
  }
}

Result<void> EventSender::Send(const Batch& batch) {
  int retries = 0;
  google::protobuf::RepeatedPtrField<v1::RecordResult> results;
  if (batch.observations.observations_size() > 0) {
    Result<v1::RecordObservationsResponse> response =
        CallRetrying<v1::RecordObservationsResponse>(
            kBatchTimeout, &retries, [&](const CallOptions& options) {
              return client_.RecordObservations(batch.observations, options);
            });
    if (!response.ok()) return response.error();
    results.Swap(response->mutable_results());
  } else {
    Result<v1::RecordEventsResponse> response = CallRetrying<v1::RecordEventsResponse>(
        kBatchTimeout, &retries,
        [&](const CallOptions& options) { return client_.RecordEvents(batch.request, options); });
    if (!response.ok()) return response.error();
    results.Swap(response->mutable_results());
  }
  if (static_cast<size_t>(results.size()) != batch.lines.size()) {
    return Error(grpc::StatusCode::INTERNAL,
                 absl::StrCat("the server answered ", results.size(), " results for ",
                              batch.lines.size(), " records"));
  }
  for (int i = 0; i < results.size(); ++i) {
    const v1::RecordResult& result = results[i];
    if (result.has_error()) {
      ledger_.Rejected(batch.lines[i], DescribeRefusal(result.error()));
    } else {
      ledger_.Recorded(batch.lines[i], result.duplicate());
    }
  }
  return {};
}

void EventSender::RejectUnsent(const std::vector<RowRef>& lines, const Error& error) {
  const std::string reason = absl::StrCat("not recorded, the import stopped: ",
                                          DescribeError(error),
                                          " (import the file again to finish it)");
  for (const RowRef& line : lines) ledger_.Rejected(line, reason);
}

}  // namespace chancery::cli
