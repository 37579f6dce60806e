#include "tests/conformance/cpp/vector_run.h"

#include <signal.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "health/v1/health.grpc.pb.h"
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

// CallOnce calls `method` with `request` and checks the step's expectation.
template <typename Request, typename Response>
absl::Status CallOnce(const Client& client,
                      Result<Response> (Client::*method)(const Request&, const CallOptions&) const,
                      const Request& request, const Struct& step) {
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

// CallUnary calls `method` with the step's request and checks its expectation;
// with `retryUntilMatch`, again every 100 ms for up to 10 s until it holds.
template <typename Request, typename Response>
absl::Status CallUnary(const Client& client,
                       Result<Response> (Client::*method)(const Request&, const CallOptions&) const,
                       const Struct& step) {
  Request request;
  absl::Status parsed = ValueToMessage(FieldOf(step, "request"), &request);
  if (!parsed.ok()) return parsed;
  const bool retry = FieldOf(step, "retryUntilMatch").bool_value();
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  for (;;) {
    absl::Status checked = CallOnce(client, method, request, step);
    if (checked.ok() || !retry || absl::Now() >= give_up) return checked;
    absl::SleepFor(absl::Milliseconds(100));
  }
}

// Subscribe opens `open`'s subscription with the step's request.
template <typename Request>
absl::StatusOr<std::unique_ptr<SubscriptionQueue>> Subscribe(
    const Client& client,
    Result<std::unique_ptr<SubscriptionQueue>> (*open)(const Client&, const Request&, bool),
    const Struct& step) {
  Request request;
  absl::Status parsed = ValueToMessage(FieldOf(step, "request"), &request);
  if (!parsed.ok()) return parsed;
  Result<std::unique_ptr<SubscriptionQueue>> queue =
      open(client, request, FieldOf(step, "fromNow").bool_value());
  if (!queue.ok()) return absl::UnknownError(queue.error().ToString());
  return std::move(*queue);
}

// JoinGroup opens a group consumer that joins as the step's request says.
absl::StatusOr<std::unique_ptr<SubscriptionQueue>> JoinGroup(const Client& client,
                                                             const Struct& step) {
  v1::JoinGroup join;
  absl::Status parsed = ValueToMessage(FieldOf(step, "request"), &join);
  if (!parsed.ok()) return parsed;
  Result<std::unique_ptr<SubscriptionQueue>> queue = SubscriptionQueue::ConsumeGroup(client, join);
  if (!queue.ok()) return absl::UnknownError(queue.error().ToString());
  return std::move(*queue);
}

// CheckHealth calls gRPC's health service (as `chancery health` does, on the
// client's channel) and checks its expectation.
absl::Status CheckHealth(const Client& client, const Struct& step) {
  auto stub = grpc::health::v1::Health::NewStub(client.channel());
  grpc::ClientContext call;
  call.set_wait_for_ready(true);
  call.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(60)));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&call, grpc::health::v1::HealthCheckRequest(), &response);
  const Struct& expect = FieldOf(step, "expect").struct_value();
  if (!status.ok()) return CheckOutcome(expect, "response", Error::FromStatus(status), {});
  return CheckOutcome(expect, "response", Result<void>(), MessageToValue(response));
}

}  // namespace

absl::StatusOr<std::unique_ptr<VectorRun>> VectorRun::Start(const std::string& binary,
                                                             const std::string& db_path,
                                                             VectorSecurity security) {
  std::unique_ptr<VectorRun> run(new VectorRun(binary, db_path, std::move(security)));
  absl::Status started = run->StartServer(0);
  if (!started.ok()) return started;
  return run;
}

const Client& VectorRun::ClientOf(const std::string& principal) {
  auto found = clients_.find(principal);
  if (found == clients_.end()) {
    found = clients_.emplace(principal, Client(server_->address(), security_.For(principal))).first;
  }
  return found->second;
}

absl::Status VectorRun::StartServer(int port) {
  server_ = testing::ChancerydProcess::Start(binary_, db_path_, security_.server_flags(), port);
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
  const Client& client = ClientOf(FieldOf(step, "as").string_value());
  if (op == "record") return CallUnary(client, &Client::RecordEvents, step);
  if (op == "retract") return CallUnary(client, &Client::RetractEvent, step);
  if (op == "getRelationship") return CallUnary(client, &Client::GetRelationship, step);
  if (op == "listRelationships") return CallUnary(client, &Client::ListRelationships, step);
  if (op == "readLog") return CallUnary(client, &Client::ReadLog, step);
  if (op == "readStream") return CallUnary(client, &Client::ReadStream, step);
  if (op == "health") return CheckHealth(client, step);
  if (op == "createGroup") return CallUnary(client, &Client::CreateGroup, step);
  if (op == "getGroup") return CallUnary(client, &Client::GetGroup, step);
  if (op == "listGroups") return CallUnary(client, &Client::ListGroups, step);
  if (op == "resetGroup") return CallUnary(client, &Client::ResetGroup, step);
  if (op == "deleteGroup") return CallUnary(client, &Client::DeleteGroup, step);
  if (op == "listParkedEvents") return CallUnary(client, &Client::ListParkedEvents, step);
  if (op == "replayParkedEvents") return CallUnary(client, &Client::ReplayParkedEvents, step);
  if (op == "subscribeLog" || op == "watchRelationships" || op == "consumeGroup") {
    auto opened = op == "subscribeLog" ? Subscribe(client, &SubscriptionQueue::SubscribeLog, step)
                  : op == "watchRelationships"
                      ? Subscribe(client, &SubscriptionQueue::WatchRelationships, step)
                      : JoinGroup(client, step);
    if (!opened.ok()) return opened.status();
    subscriptions_[FieldOf(step, "name").string_value()] = std::move(*opened);
    return absl::OkStatus();
  }
  if (op == "ack" || op == "nack") return Settle(op, step);
  if (op == "next") return Next(step);
  if (op == "caughtUp") return CaughtUp(step);
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

absl::Status VectorRun::Settle(const std::string& op, const Struct& step) {
  const std::string& name = FieldOf(step, "consumer").string_value();
  const auto found = subscriptions_.find(name);
  if (found == subscriptions_.end() || found->second->consumer() == nullptr) {
    return absl::NotFoundError("no group consumer " + name);
  }
  std::vector<uint64_t> positions;
  for (const Value& position : FieldOf(step, "positions").list_value().values()) {
    positions.push_back(static_cast<uint64_t>(position.number_value()));
  }
  GroupConsumer& consumer = *found->second->consumer();
  const Result<void> sent =
      op == "ack" ? consumer.Ack(positions)
                  : consumer.Nack(positions, FieldOf(step, "reason").string_value());
  if (!sent.ok()) return absl::UnknownError(sent.error().ToString());
  return absl::OkStatus();
}

absl::Status VectorRun::CaughtUp(const Struct& step) {
  const std::string& name = FieldOf(step, "subscription").string_value();
  const auto found = subscriptions_.find(name);
  if (found == subscriptions_.end()) return absl::NotFoundError("no subscription " + name);
  Result<uint64_t> position = found->second->CaughtUp();
  if (!position.ok()) return absl::UnknownError(position.error().ToString());
  const double expected = FieldOf(FieldOf(step, "expect").struct_value(), "position").number_value();
  if (static_cast<double>(*position) != expected) {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " caught up at position ", *position, ", expected ", expected));
  }
  return absl::OkStatus();
}

absl::Status VectorRun::Stop() {
  subscriptions_.clear();
  // Closing the clients first, as the other runners do, spares chanceryd
  // waiting out its shutdown grace for the connections.
  clients_.clear();
  return StopServer();
}

}  // namespace chancery::conformance
