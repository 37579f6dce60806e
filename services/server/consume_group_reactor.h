// ConsumeGroupReactor: one consumer's ConsumeGroup stream, on gRPC's
// callback API.
//
// The first request must be a join; the registry (on the executor, as it
// does store I/O) makes the stream a consumer of the group. From then on the
// reactor reads acks and nacks and hands them to the group's dispatcher,
// and writes what the dispatcher sends it, one message at a time:
// deliveries that arrive while a write is under way join the next message.
// The outbox stays small: a consumer never holds more than its
// max_in_flight deliveries. When the stream ends, the consumer leaves the
// group and the reactor deletes itself.

#ifndef CHANCERY_SERVICES_SERVER_CONSUME_GROUP_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_CONSUME_GROUP_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "chancery/v1/subscription_group_service.pb.h"
#include "services/server/call_limits.h"
#include "services/server/group_registry.h"

namespace chancery::server {

class ConsumeGroupReactor final
    : public grpc::ServerBidiReactor<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>,
      public GroupConsumer {
 public:
  // Starts reading at once; deletes itself when the call is done.
  ConsumeGroupReactor(GroupRegistry* registry, StreamSlot slot);

  void OnReadDone(bool ok) override ABSL_LOCKS_EXCLUDED(mutex_);
  void OnWriteDone(bool ok) override ABSL_LOCKS_EXCLUDED(mutex_);
  void OnCancel() override ABSL_LOCKS_EXCLUDED(mutex_);
  void OnDone() override ABSL_LOCKS_EXCLUDED(mutex_);

  void Joined(uint64_t checkpoint) override ABSL_LOCKS_EXCLUDED(mutex_);
  void Send(std::vector<v1::GroupDelivery> deliveries) override ABSL_LOCKS_EXCLUDED(mutex_);
  void Heartbeat(uint64_t checkpoint, uint64_t head) override ABSL_LOCKS_EXCLUDED(mutex_);
  void End(grpc::Status status) override ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  // StartJoin checks the first request, which must be a join, and posts it.
  void StartJoin() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // JoinGroup (on the executor) joins the group the first request names.
  void JoinGroup(v1::JoinGroup join) ABSL_LOCKS_EXCLUDED(mutex_);
  // Settle hands an ack or nack to the dispatcher and reads the next request.
  void Settle(GroupDispatcher& dispatcher, const v1::ConsumeGroupRequest& request)
      ABSL_LOCKS_EXCLUDED(mutex_);
  void Queue(v1::ConsumeGroupResponse message) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void WriteNext() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void FinishOnce(grpc::Status status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // LeaveAndDelete leaves the group, then deletes this.
  void LeaveAndDelete() ABSL_LOCKS_EXCLUDED(mutex_);

  GroupRegistry* const registry_;
  const StreamSlot slot_;
  StreamMetrics& metrics_;
  const OpenStream open_;
  v1::ConsumeGroupRequest request_;  // gRPC's while a read is under way.
  absl::Mutex mutex_;
  std::string group_name_ ABSL_GUARDED_BY(mutex_);
  std::string consumer_name_ ABSL_GUARDED_BY(mutex_);
  std::shared_ptr<GroupDispatcher> dispatcher_ ABSL_GUARDED_BY(mutex_);  // Set once joined.
  std::deque<v1::ConsumeGroupResponse> outbox_ ABSL_GUARDED_BY(mutex_);
  v1::ConsumeGroupResponse in_flight_;  // Set under mutex_ before writing_ turns true.
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool joining_ ABSL_GUARDED_BY(mutex_) = false;  // The join is on the executor.
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
  bool done_ ABSL_GUARDED_BY(mutex_) = false;
  std::optional<grpc::Status> ending_ ABSL_GUARDED_BY(mutex_);  // Once the write is done.
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_CONSUME_GROUP_REACTOR_H_
