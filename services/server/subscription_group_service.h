// SubscriptionGroupService: the chancery.v1 API of subscription groups
// (proto/chancery/v1/subscription_group_service.proto).
//
// The calls that manage groups read and write the store on the executor;
// ConsumeGroup streams are ConsumeGroupReactors, and the groups they join
// are served by the registry's dispatchers.

#ifndef CHANCERY_SERVICES_SERVER_SUBSCRIPTION_GROUP_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_SUBSCRIPTION_GROUP_SERVICE_H_

#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "services/server/call_limits.h"
#include "services/server/group_definition.h"
#include "services/server/group_registry.h"
#include "services/server/webhook_consumer.h"

namespace chancery::server {

class SubscriptionGroupService final : public v1::SubscriptionGroupService::CallbackService {
 public:
  // `context`'s parts and `limits` must outlive the service.
  SubscriptionGroupService(GroupContext context, GroupRules rules, CallLimits* limits)
      : registry_(std::move(context)), rules_(rules), limits_(limits) {}

  // StartWebhooks starts delivering every group that has a webhook (I/O).
  absl::Status StartWebhooks() ABSL_LOCKS_EXCLUDED(webhooks_mutex_);
  // Shutdown stops the webhooks and saves every served group's checkpoint,
  // once every stream has ended and before the store closes.
  void Shutdown() ABSL_LOCKS_EXCLUDED(webhooks_mutex_);

  grpc::ServerUnaryReactor* CreateGroup(grpc::CallbackServerContext* context,
                                        const v1::CreateGroupRequest* request,
                                        v1::CreateGroupResponse* response) override;
  grpc::ServerUnaryReactor* GetGroup(grpc::CallbackServerContext* context,
                                     const v1::GetGroupRequest* request,
                                     v1::GetGroupResponse* response) override;
  grpc::ServerUnaryReactor* ListGroups(grpc::CallbackServerContext* context,
                                       const v1::ListGroupsRequest* request,
                                       v1::ListGroupsResponse* response) override;
  grpc::ServerUnaryReactor* ResetGroup(grpc::CallbackServerContext* context,
                                       const v1::ResetGroupRequest* request,
                                       v1::ResetGroupResponse* response) override;
  grpc::ServerUnaryReactor* DeleteGroup(grpc::CallbackServerContext* context,
                                        const v1::DeleteGroupRequest* request,
                                        v1::DeleteGroupResponse* response) override;
  grpc::ServerUnaryReactor* ListParkedEvents(grpc::CallbackServerContext* context,
                                             const v1::ListParkedEventsRequest* request,
                                             v1::ListParkedEventsResponse* response) override;
  grpc::ServerUnaryReactor* ReplayParkedEvents(grpc::CallbackServerContext* context,
                                               const v1::ReplayParkedEventsRequest* request,
                                               v1::ReplayParkedEventsResponse* response) override;
  grpc::ServerBidiReactor<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>* ConsumeGroup(
      grpc::CallbackServerContext* context) override;

 private:
  grpc::Status DoCreate(const v1::CreateGroupRequest& request, v1::CreateGroupResponse& response);
  grpc::Status DoGet(const std::string& name, v1::GetGroupResponse& response);
  grpc::Status DoList(v1::ListGroupsResponse& response);
  grpc::Status DoReset(const v1::ResetGroupRequest& request, v1::ResetGroupResponse& response);
  grpc::Status DoDelete(const v1::DeleteGroupRequest& request);
  grpc::Status DoListParked(const v1::ListParkedEventsRequest& request,
                            v1::ListParkedEventsResponse& response);
  grpc::Status DoReplay(const v1::ReplayParkedEventsRequest& request,
                        v1::ReplayParkedEventsResponse& response);
  // Describe fills `response` for a stored group: its definition and state.
  grpc::Status Describe(const eventstore::StoredGroup& stored, uint64_t head,
                        v1::GetGroupResponse& response);

  eventstore::EventStore& store() const { return *registry_.context().store; }
  // StartWebhook delivers `group` by its webhook, unless that runs already.
  void StartWebhook(const v1::SubscriptionGroup& group) ABSL_LOCKS_EXCLUDED(webhooks_mutex_);

  GroupRegistry registry_;
  const GroupRules rules_;
  CallLimits* const limits_;
  absl::Mutex webhooks_mutex_;
  absl::flat_hash_map<std::string, std::unique_ptr<WebhookConsumer>> webhooks_
      ABSL_GUARDED_BY(webhooks_mutex_);
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_SUBSCRIPTION_GROUP_SERVICE_H_
