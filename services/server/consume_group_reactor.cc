#include "services/server/consume_group_reactor.h"

#include <utility>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/domain/violations.h"
#include "services/server/group_definition.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

constexpr uint32_t kDefaultMaxInFlight = 100;
constexpr uint32_t kMaxMaxInFlight = 10000;
constexpr size_t kMaxConsumerName = 64;
constexpr int kMaxSettled = 10000;  // Positions in one ack or nack.
constexpr size_t kMaxReason = 1000;

bool Printable(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isprint(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// CheckJoin returns the violations of a join, filling in its defaults.
domain::Violations CheckJoin(v1::JoinGroup& join) {
  domain::Violations bad_request("join");
  CheckGroupName(join.group(), "join.group", bad_request);
  if (join.consumer_name().size() > kMaxConsumerName || !Printable(join.consumer_name())) {
    bad_request.Add("join.consumer_name",
                    absl::StrCat(domain::Shown(join.consumer_name()),
                                 " is not up to 64 printable ASCII characters"));
  }
  if (join.max_in_flight() > kMaxMaxInFlight) {
    bad_request.Add("join.max_in_flight", absl::StrCat(join.max_in_flight(),
                                                       " is not 1 to 10,000 (0 means 100)"));
  }
  if (join.max_in_flight() == 0) join.set_max_in_flight(kDefaultMaxInFlight);
  if (join.consumer_name().empty()) {
    absl::BitGen random;
    join.set_consumer_name(absl::StrFormat("consumer-%08x", absl::Uniform<uint32_t>(random)));
  }
  return bad_request;
}

v1::ConsumeGroupResponse Refused(std::vector<uint64_t> positions, std::string reason) {
  v1::ConsumeGroupResponse message;
  v1::RefusedAcknowledgements* refused = message.mutable_refused();
  for (uint64_t position : positions) refused->add_positions(position);
  refused->set_reason(std::move(reason));
  return message;
}

}  // namespace

ConsumeGroupReactor::ConsumeGroupReactor(GroupRegistry* registry, StreamSlot slot)
    : registry_(registry),
      slot_(std::move(slot)),
      metrics_(registry->context().metrics->Streams(StreamKind::kGroup)),
      open_(metrics_) {
  StartRead(&request_);
}

void ConsumeGroupReactor::OnReadDone(bool ok) {
  std::shared_ptr<GroupDispatcher> dispatcher;
  {
    absl::MutexLock lock(&mutex_);
    if (!ok) {
      // The consumer closed its side: it is done.
      if (!writing_) {
        FinishOnce(grpc::Status::OK);
      } else if (!ending_.has_value()) {
        ending_ = grpc::Status::OK;
      }
      return;
    }
    if (dispatcher_ == nullptr) {
      StartJoin();
      return;
    }
    if (request_.has_join()) {
      FinishOnce(RpcStatus(absl::InvalidArgumentError(
          "join: only the first message of ConsumeGroup may be a join")));
      return;
    }
    dispatcher = dispatcher_;
  }
  // Outside the lock: the dispatcher calls back (Send, End).
  Settle(*dispatcher, request_);
  absl::MutexLock lock(&mutex_);
  if (!finished_) StartRead(&request_);
}

void ConsumeGroupReactor::StartJoin() {
  if (!request_.has_join()) {
    FinishOnce(RpcStatus(absl::InvalidArgumentError(
        "join: the first message of ConsumeGroup must be a join naming the group")));
    return;
  }
  v1::JoinGroup join = request_.join();
  if (domain::Violations bad = CheckJoin(join); !bad.empty()) {
    FinishOnce(RpcStatus(bad));
    return;
  }
  joining_ = true;
  group_name_ = join.group();
  consumer_name_ = join.consumer_name();
  registry_->context().executor->Post([this, join = std::move(join)] { JoinGroup(join); });
}

void ConsumeGroupReactor::Settle(GroupDispatcher& dispatcher,
                                 const v1::ConsumeGroupRequest& request) {
  const bool ack = request.has_ack();
  const auto& positions = ack ? request.ack().positions() : request.nack().positions();
  std::vector<uint64_t> settled(positions.begin(), positions.end());
  std::vector<uint64_t> refused;
  std::string why;
  if (positions.size() > kMaxSettled) {
    refused = std::move(settled);
    why = absl::StrCat(positions.size(), " positions in one message; at most 10,000");
  } else if (ack) {
    refused = dispatcher.Ack(this, settled);
  } else {
    std::string reason = request.nack().reason();
    if (reason.size() > kMaxReason) reason.resize(kMaxReason);
    refused = dispatcher.Nack(this, settled, reason);
  }
  if (refused.empty()) return;
  if (why.empty()) {
    why = "not held by this consumer: never delivered to it, already settled, taken back after "
          "the group's ack_timeout, or dropped by ResetGroup";
  }
  absl::MutexLock lock(&mutex_);
  Queue(Refused(std::move(refused), std::move(why)));
}

void ConsumeGroupReactor::JoinGroup(v1::JoinGroup join) {
  absl::StatusOr<std::shared_ptr<GroupDispatcher>> joined =
      registry_->Join(join.group(), this, join.max_in_flight(), /*by_webhook=*/false);
  {
    absl::MutexLock lock(&mutex_);
    joining_ = false;
    if (joined.ok()) {
      dispatcher_ = *std::move(joined);
    } else {
      FinishOnce(RpcStatus(joined.status()));
    }
    if (!done_) {
      if (!finished_) StartRead(&request_);
      return;
    }
  }
  LeaveAndDelete();  // OnDone came meanwhile and left the rest to this job.
}

void ConsumeGroupReactor::LeaveAndDelete() {
  std::shared_ptr<GroupDispatcher> dispatcher;
  {
    absl::MutexLock lock(&mutex_);
    dispatcher = dispatcher_;
  }
  if (dispatcher != nullptr) dispatcher->Leave(this);
  delete this;
}

void ConsumeGroupReactor::Joined(uint64_t checkpoint) {
  absl::MutexLock lock(&mutex_);
  v1::ConsumeGroupResponse message;
  message.mutable_joined()->set_checkpoint(checkpoint);
  message.mutable_joined()->set_consumer_name(consumer_name_);
  Queue(std::move(message));
}

void ConsumeGroupReactor::Send(std::vector<v1::GroupDelivery> deliveries) {
  absl::MutexLock lock(&mutex_);
  v1::ConsumeGroupResponse message;
  for (v1::GroupDelivery& delivery : deliveries) {
    *message.mutable_deliveries()->add_deliveries() = std::move(delivery);
  }
  Queue(std::move(message));
}

void ConsumeGroupReactor::Heartbeat(uint64_t checkpoint, uint64_t head) {
  absl::MutexLock lock(&mutex_);
  if (writing_ || !outbox_.empty()) return;  // Whatever is under way shows it is alive.
  v1::ConsumeGroupResponse message;
  message.mutable_heartbeat()->set_checkpoint(checkpoint);
  message.mutable_heartbeat()->set_head_position(head);
  Queue(std::move(message));
}

void ConsumeGroupReactor::End(grpc::Status status) {
  absl::MutexLock lock(&mutex_);
  outbox_.clear();
  if (!writing_) {
    FinishOnce(std::move(status));
  } else if (!ending_.has_value()) {
    ending_ = std::move(status);
  }
}

void ConsumeGroupReactor::Queue(v1::ConsumeGroupResponse message) {
  if (finished_ || ending_.has_value()) return;
  if (message.has_deliveries() && !outbox_.empty() && outbox_.back().has_deliveries()) {
    auto* waiting = outbox_.back().mutable_deliveries()->mutable_deliveries();
    for (v1::GroupDelivery& delivery : *message.mutable_deliveries()->mutable_deliveries()) {
      *waiting->Add() = std::move(delivery);
    }
    return;
  }
  outbox_.push_back(std::move(message));
  WriteNext();
}

void ConsumeGroupReactor::WriteNext() {
  if (writing_ || finished_ || outbox_.empty()) return;
  in_flight_ = std::move(outbox_.front());
  outbox_.pop_front();
  writing_ = true;
  metrics_.delivered.Increment();
  StartWrite(&in_flight_);
}

void ConsumeGroupReactor::OnWriteDone(bool ok) {
  absl::MutexLock lock(&mutex_);
  writing_ = false;
  if (!ok) {
    FinishOnce(RpcStatus(absl::CancelledError("write failed")));
    return;
  }
  if (ending_.has_value()) {
    FinishOnce(*std::move(ending_));
    return;
  }
  WriteNext();
}

void ConsumeGroupReactor::OnCancel() {
  absl::MutexLock lock(&mutex_);
  FinishOnce(RpcStatus(absl::CancelledError("cancelled by the consumer")));
}

void ConsumeGroupReactor::FinishOnce(grpc::Status status) {
  if (finished_) return;
  finished_ = true;
  outbox_.clear();
  Finish(std::move(status));
}

void ConsumeGroupReactor::OnDone() {
  {
    absl::MutexLock lock(&mutex_);
    done_ = true;
    if (joining_) return;  // The join job ends the reactor.
  }
  LeaveAndDelete();
}

}  // namespace chancery::server
