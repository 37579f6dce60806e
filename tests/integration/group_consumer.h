// GroupConsumer: a test's consumer of a subscription group over the raw
// generated stub, one blocking read at a time. Its stream ends after a
// minute, so that a test waiting for what never comes fails instead of
// hanging.

#ifndef CHANCERY_TESTS_INTEGRATION_GROUP_CONSUMER_H_
#define CHANCERY_TESTS_INTEGRATION_GROUP_CONSUMER_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "chancery/v1/subscription_group_service.grpc.pb.h"

namespace chancery::testing {

class TestGroupConsumer {
 public:
  // Joins `group` over `channel`; `max_in_flight` 0 is the server's default.
  TestGroupConsumer(const std::shared_ptr<grpc::Channel>& channel, const std::string& group,
                    uint32_t max_in_flight = 0)
      : stub_(v1::SubscriptionGroupService::NewStub(channel)),
        stream_(StartStream()) {
    v1::ConsumeGroupRequest join;
    join.mutable_join()->set_group(group);
    join.mutable_join()->set_max_in_flight(max_in_flight);
    stream_->Write(join);
  }

  // Next reads the next message; false when the stream has ended.
  bool Next(v1::ConsumeGroupResponse& message) { return stream_->Read(&message); }

  // NextDeliveries reads until a message of deliveries (false if the
  // stream ends first) and acknowledges them all.
  bool AckNextDeliveries(std::vector<uint64_t>& positions) {
    v1::ConsumeGroupResponse message;
    while (Next(message)) {
      if (!message.has_deliveries()) continue;
      std::vector<uint64_t> acked;
      for (const v1::GroupDelivery& delivery : message.deliveries().deliveries()) {
        acked.push_back(delivery.position());
      }
      Ack(acked);
      positions.insert(positions.end(), acked.begin(), acked.end());
      return true;
    }
    return false;
  }

  void Ack(const std::vector<uint64_t>& positions) {
    v1::ConsumeGroupRequest ack;
    for (uint64_t position : positions) ack.mutable_ack()->add_positions(position);
    stream_->Write(ack);
  }

  // Finish leaves (half-closes), reads what is left, and returns the status.
  grpc::Status Finish() {
    stream_->WritesDone();
    v1::ConsumeGroupResponse rest;
    while (stream_->Read(&rest)) {
    }
    return stream_->Finish();
  }

 private:
  std::unique_ptr<grpc::ClientReaderWriter<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>>
  StartStream() {
    context_.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(1));
    return stub_->ConsumeGroup(&context_);
  }

  std::unique_ptr<v1::SubscriptionGroupService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>>
      stream_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_GROUP_CONSUMER_H_
