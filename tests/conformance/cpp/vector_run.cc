#include "tests/conformance/cpp/vector_run.h"

#include <signal.h>

#include "absl/strings/str_cat.h"
#include "tests/conformance/cpp/expected_outcome.h"
#include "tests/conformance/cpp/proto_json.h"

namespace chancery::conformance {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// FieldOf is `step[key]`, or a null value when the step leaves it out.
const Value& FieldOf(const Struct& step, const std::string& key) {
  const auto found = step.fields().find(key);
  return found == step.fields().end() ? Value::default_instance() : found->second;
}

// CallUnary calls `method` with the step's request and checks its expectation.
template <typename Request, typename Response>
absl::Status CallUnary(const Client& client,
                       Result<Response> (Client::*method)(const Request&, const CallOptions&) const,
                       const Struct& step) {
  Request request;
  absl::Status parsed = ValueToMessage(FieldOf(step, "request"), &request);
  if (!parsed.ok()) return parsed;
  CallOptions options;
  // Just after a restart the channel may still be reconnecting.
  options.wait_for_ready = true;
  options.timeout = absl::Seconds(60);
  const Result<Response> response = (client.*method)(request, options);
  if (!response.ok()) {
    return CheckOutcome(FieldOf(step, "expect").struct_value(), "response", response.error(), {});
  }
  return CheckOutcome(FieldOf(step, "expect").struct_value(), "response", Result<void>(),
                      MessageToValue(*response));
}

// Subscribe opens `open`'s subscription with the step's request.
template <typename Request>
absl::StatusOr<std::unique_ptr<SubscriptionQueue>> Subscribe(
    const Client& client,
    Result<std::unique_ptr<SubscriptionQueue>> (*open)(const Client&, const Request&),
    const Struct& step) {
  Request request;
  absl::Status parsed = ValueToMessage(FieldOf(step, "request"), &request);
  if (!parsed.ok()) return parsed;
  Result<std::unique_ptr<SubscriptionQueue>> queue = open(client, request);
  if (!queue.ok()) return absl::UnknownError(queue.error().ToString());
  return std::move(*queue);
}

}  // namespace

absl::StatusOr<std::unique_ptr<VectorRun>> VectorRun::Start(const std::string& binary,
                                                             const std::string& db_path) {
  std::unique_ptr<VectorRun> run(new VectorRun(binary, db_path));
  absl::Status started = run->StartServer(0);
  if (!started.ok()) return started;
  run->client_.emplace(run->server_->NewChannel());
  return run;
}

absl::Status VectorRun::StartServer(int port) {
  server_ = testing::ChancerydProcess::Start(binary_, db_path_, {}, port);
  if (server_ == nullptr) return absl::UnavailableError("chanceryd did not start");
  return absl::OkStatus();
}

absl::Status VectorRun::StopServer() {
  if (server_ == nullptr) return absl::FailedPreconditionError("chanceryd is not running");
  const int exit_code = server_->Stop(SIGTERM);
  if (exit_code == 0) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("chanceryd exited with ", exit_code,
                                          " after SIGTERM: ", server_->Stderr()));
}

absl::Status VectorRun::Run(const Struct& step) {
  const std::string& op = FieldOf(step, "op").string_value();
  if (op == "record") return CallUnary(*client_, &Client::RecordEvents, step);
  if (op == "retract") return CallUnary(*client_, &Client::RetractEvent, step);
  if (op == "getRelationship") return CallUnary(*client_, &Client::GetRelationship, step);
  if (op == "listRelationships") return CallUnary(*client_, &Client::ListRelationships, step);
  if (op == "readLog") return CallUnary(*client_, &Client::ReadLog, step);
  if (op == "readStream") return CallUnary(*client_, &Client::ReadStream, step);
  if (op == "subscribeLog" || op == "watchRelationships") {
    auto opened = op == "subscribeLog"
                      ? Subscribe(*client_, &SubscriptionQueue::SubscribeLog, step)
                      : Subscribe(*client_, &SubscriptionQueue::WatchRelationships, step);
    if (!opened.ok()) return opened.status();
    subscriptions_[FieldOf(step, "name").string_value()] = std::move(*opened);
    return absl::OkStatus();
  }
  if (op == "next") return Next(step);
  if (op == "cancel") {
    subscriptions_.erase(FieldOf(step, "subscription").string_value());  // Its destructor cancels.
    return absl::OkStatus();
  }
  if (op == "restartServer") {
    const int port = server_->port();
    absl::Status stopped = StopServer();
    return stopped.ok() ? StartServer(port) : stopped;
  }
  return absl::InvalidArgumentError("unknown op");
}

absl::Status VectorRun::Next(const Struct& step) {
  const std::string& name = FieldOf(step, "subscription").string_value();
  const auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return absl::NotFoundError("no subscription " + name);
  const Struct& expect = FieldOf(step, "expect").struct_value();
  // As many items as expected, or one when an error is expected instead.
  const Value& expected_items = FieldOf(expect, "items");
  const int count = expected_items.has_list_value() ? expected_items.list_value().values_size() : 1;
  Value items;
  items.mutable_list_value();
  Result<void> outcome;
  for (int i = 0; i < count && outcome.ok(); ++i) {
    Result<Value> item = found->second->Next();
    if (item.ok()) {
      *items.mutable_list_value()->add_values() = std::move(*item);
    } else {
      outcome = item.error();
    }
  }
  return CheckOutcome(expect, "items", outcome, items);
}

absl::Status VectorRun::Stop() {
  subscriptions_.clear();
  // Closing the client first, as the other runners do, spares chanceryd
  // waiting out its shutdown grace for the connection.
  client_.reset();
  return StopServer();
}

}  // namespace chancery::conformance
