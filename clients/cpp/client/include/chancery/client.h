// chancery::Client: typed calls to every RPC of chanceryd's API
// (proto/chancery/v1/*_service.proto, docs/api.md).
//
// Each unary RPC has a blocking method returning Result<Response> and an
// ...Async method that calls `done` on a gRPC thread when the answer comes.
// The finite server streams (ReplayRelationship, ExportLog, BackupDatabase)
// hand each message to a callback; the endless ones (SubscribeLog, WatchRelationships)
// are resuming subscriptions (chancery/subscription.h), and ConsumeGroup a
// group consumer that joins again (chancery/group_consumer.h).
//
// A Client is cheap to copy (its copies share the channel) and safe to use
// from many threads at once.

#ifndef CHANCERY_CLIENT_CLIENT_H_
#define CHANCERY_CLIENT_CLIENT_H_

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "chancery/call_options.h"
#include "chancery/error.h"
#include "chancery/group_consumer.h"
#include "chancery/security.h"
#include "chancery/subscription.h"
#include "chancery/v1/audit_service.pb.h"
#include "chancery/v1/event_log_service.pb.h"
#include "chancery/v1/operations_service.pb.h"
#include "chancery/v1/relations_service.pb.h"
#include "chancery/v1/subscription_group_service.pb.h"

namespace chancery {

template <typename Response>
using Done = std::function<void(Result<Response>)>;

class Client {
 public:
  // Connects (lazily, on the first call) to `target` ("host:port", or any
  // gRPC target name); insecure unless `credentials` say otherwise.
  explicit Client(const std::string& target,
                  std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr,
                  const grpc::ChannelArguments& arguments = {});
  // Connects to `target` with TLS and a token as `security` says.
  Client(const std::string& target, const Security& security,
         const grpc::ChannelArguments& arguments = {});
  // Uses `channel`, which must not be null.
  explicit Client(std::shared_ptr<grpc::Channel> channel);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // RelationsService.
  Result<v1::RecordEventsResponse> RecordEvents(const v1::RecordEventsRequest& request,
                                                const CallOptions& options = {}) const;
  Result<v1::RetractEventResponse> RetractEvent(const v1::RetractEventRequest& request,
                                                const CallOptions& options = {}) const;
  Result<v1::RecordObservationsResponse> RecordObservations(
      const v1::RecordObservationsRequest& request, const CallOptions& options = {}) const;
  Result<v1::GetRelationshipResponse> GetRelationship(const v1::GetRelationshipRequest& request,
                                                      const CallOptions& options = {}) const;
  Result<v1::ListRelationshipsResponse> ListRelationships(
      const v1::ListRelationshipsRequest& request, const CallOptions& options = {}) const;
  Result<v1::GetTimelineResponse> GetTimeline(const v1::GetTimelineRequest& request,
                                              const CallOptions& options = {}) const;
  Result<v1::GetActorProfileResponse> GetActorProfile(const v1::GetActorProfileRequest& request,
                                                      const CallOptions& options = {}) const;
  // Resumes from the last change delivered; see chancery/subscription.h.
  Result<std::unique_ptr<RelationshipWatch>> WatchRelationships(
      const v1::WatchRelationshipsRequest& request,
      OnMessage<v1::WatchRelationshipsResponse> on_message,
      SubscribeOptions options = {}) const;

  // EventLogService.
  Result<v1::ReadLogResponse> ReadLog(const v1::ReadLogRequest& request,
                                      const CallOptions& options = {}) const;
  Result<v1::ReadStreamResponse> ReadStream(const v1::ReadStreamRequest& request,
                                            const CallOptions& options = {}) const;
  // HeadPosition is the position of the last record in the log (0 when it
  // is empty), from ReadLog.
  Result<uint64_t> HeadPosition(const CallOptions& options = {}) const;
  // Resumes from the last record or marker delivered; see chancery/subscription.h.
  Result<std::unique_ptr<LogSubscription>> SubscribeLog(
      const v1::SubscribeLogRequest& request,
      OnMessage<v1::SubscribeLogResponse> on_message,
      SubscribeOptions options = {}) const;

  // AuditService.
  Result<v1::VerifyLogResponse> VerifyLog(const v1::VerifyLogRequest& request = {},
                                          const CallOptions& options = {}) const;
  // Calls `on_message` for each message in order, on this thread, until the
  // stream ends or it says kStop.
  Result<void> ReplayRelationship(const v1::ReplayRelationshipRequest& request,
                                  const OnMessage<v1::ReplayRelationshipResponse>& on_message,
                                  const CallOptions& options = {}) const;
  Result<void> ExportLog(const v1::ExportLogRequest& request,
                         const OnMessage<v1::ExportLogResponse>& on_message,
                         const CallOptions& options = {}) const;
  Result<v1::GetCheckpointResponse> GetCheckpoint(const v1::GetCheckpointRequest& request = {},
                                                  const CallOptions& options = {}) const;
  Result<v1::GetInclusionProofResponse> GetInclusionProof(
      const v1::GetInclusionProofRequest& request, const CallOptions& options = {}) const;
  Result<v1::GetConsistencyProofResponse> GetConsistencyProof(
      const v1::GetConsistencyProofRequest& request, const CallOptions& options = {}) const;

  // SubscriptionGroupService.
  Result<v1::CreateGroupResponse> CreateGroup(const v1::CreateGroupRequest& request,
                                              const CallOptions& options = {}) const;
  Result<v1::GetGroupResponse> GetGroup(const v1::GetGroupRequest& request,
                                        const CallOptions& options = {}) const;
  Result<v1::ListGroupsResponse> ListGroups(const v1::ListGroupsRequest& request = {},
                                            const CallOptions& options = {}) const;
  Result<v1::ResetGroupResponse> ResetGroup(const v1::ResetGroupRequest& request,
                                            const CallOptions& options = {}) const;
  Result<v1::DeleteGroupResponse> DeleteGroup(const v1::DeleteGroupRequest& request,
                                              const CallOptions& options = {}) const;
  Result<v1::ListParkedEventsResponse> ListParkedEvents(
      const v1::ListParkedEventsRequest& request, const CallOptions& options = {}) const;
  Result<v1::ReplayParkedEventsResponse> ReplayParkedEvents(
      const v1::ReplayParkedEventsRequest& request, const CallOptions& options = {}) const;
  // Joins the group `join` names, calling `on_delivery` for each event the
  // server delivers to this consumer; joins again after interruptions. See
  // chancery/group_consumer.h.
  Result<std::unique_ptr<GroupConsumer>> ConsumeGroup(const v1::JoinGroup& join,
                                                      OnDelivery on_delivery,
                                                      ConsumeOptions options = {}) const;

  // OperationsService: a manifest, then the database copy's chunks, to
  // `on_message` as ReplayRelationship's.
  Result<void> BackupDatabase(const v1::BackupDatabaseRequest& request,
                              const OnMessage<v1::BackupDatabaseResponse>& on_message,
                              const CallOptions& options = {}) const;

  // The unary calls again, without blocking: `done` runs once, on a gRPC
  // thread, and must not block for long. Keep a Client (a copy will do)
  // until every call has answered.
  void RecordEventsAsync(v1::RecordEventsRequest request, Done<v1::RecordEventsResponse> done,
                         const CallOptions& options = {}) const;
  void RetractEventAsync(v1::RetractEventRequest request, Done<v1::RetractEventResponse> done,
                         const CallOptions& options = {}) const;
  void RecordObservationsAsync(v1::RecordObservationsRequest request,
                               Done<v1::RecordObservationsResponse> done,
                               const CallOptions& options = {}) const;
  void GetRelationshipAsync(v1::GetRelationshipRequest request,
                            Done<v1::GetRelationshipResponse> done,
                            const CallOptions& options = {}) const;
  void ListRelationshipsAsync(v1::ListRelationshipsRequest request,
                              Done<v1::ListRelationshipsResponse> done,
                              const CallOptions& options = {}) const;
  void GetTimelineAsync(v1::GetTimelineRequest request, Done<v1::GetTimelineResponse> done,
                        const CallOptions& options = {}) const;
  void GetActorProfileAsync(v1::GetActorProfileRequest request,
                            Done<v1::GetActorProfileResponse> done,
                            const CallOptions& options = {}) const;
  void ReadLogAsync(v1::ReadLogRequest request, Done<v1::ReadLogResponse> done,
                    const CallOptions& options = {}) const;
  void ReadStreamAsync(v1::ReadStreamRequest request, Done<v1::ReadStreamResponse> done,
                       const CallOptions& options = {}) const;
  void VerifyLogAsync(v1::VerifyLogRequest request, Done<v1::VerifyLogResponse> done,
                      const CallOptions& options = {}) const;
  void GetCheckpointAsync(v1::GetCheckpointRequest request, Done<v1::GetCheckpointResponse> done,
                          const CallOptions& options = {}) const;
  void GetInclusionProofAsync(v1::GetInclusionProofRequest request,
                              Done<v1::GetInclusionProofResponse> done,
                              const CallOptions& options = {}) const;
  void GetConsistencyProofAsync(v1::GetConsistencyProofRequest request,
                                Done<v1::GetConsistencyProofResponse> done,
                                const CallOptions& options = {}) const;
  void CreateGroupAsync(v1::CreateGroupRequest request, Done<v1::CreateGroupResponse> done,
                        const CallOptions& options = {}) const;
  void GetGroupAsync(v1::GetGroupRequest request, Done<v1::GetGroupResponse> done,
                     const CallOptions& options = {}) const;
  void ListGroupsAsync(v1::ListGroupsRequest request, Done<v1::ListGroupsResponse> done,
                       const CallOptions& options = {}) const;
  void ResetGroupAsync(v1::ResetGroupRequest request, Done<v1::ResetGroupResponse> done,
                       const CallOptions& options = {}) const;
  void DeleteGroupAsync(v1::DeleteGroupRequest request, Done<v1::DeleteGroupResponse> done,
                        const CallOptions& options = {}) const;
  void ListParkedEventsAsync(v1::ListParkedEventsRequest request,
                             Done<v1::ListParkedEventsResponse> done,
                             const CallOptions& options = {}) const;
  void ReplayParkedEventsAsync(v1::ReplayParkedEventsRequest request,
                               Done<v1::ReplayParkedEventsResponse> done,
                               const CallOptions& options = {}) const;

 private:
  struct Stubs;

  std::shared_ptr<grpc::Channel> channel_;
  std::shared_ptr<Stubs> stubs_;  // Null without a channel.
};

}  // namespace chancery

#endif  // CHANCERY_CLIENT_CLIENT_H_
