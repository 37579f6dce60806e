#include "chancery/client.h"

#include <grpcpp/create_channel.h>

#include "absl/strings/strip.h"
#include "call_setup.h"
#include "chancery/servers.h"
#include "chancery/v1/audit_service.grpc.pb.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/operations_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "group_consumer_start.h"
#include "stream_retry.h"
#include "subscription_start.h"

namespace chancery {

struct Client::Stubs {
  explicit Stubs(const std::shared_ptr<grpc::Channel>& channel)
      : relations(channel), event_log(channel), audit(channel), groups(channel),
        operations(channel) {}

  v1::RelationsService::Stub relations;
  v1::EventLogService::Stub event_log;
  v1::AuditService::Stub audit;
  v1::SubscriptionGroupService::Stub groups;
  v1::OperationsService::Stub operations;
};

namespace {

Error NoChannel() {
  return Error(grpc::StatusCode::FAILED_PRECONDITION, "chancery::Client was given no channel");
}

// Unary makes a blocking call of `method` on `stub`.
template <typename Stub, typename Request, typename Response>
Result<Response> Unary(Stub* stub,
                       grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                       const Request& request, const CallOptions& options) {
  if (stub == nullptr) return NoChannel();
  grpc::ClientContext context;
  if (Result<void> set_up = internal::SetUp(options, context); !set_up.ok()) return set_up.error();
  Response response;
  const grpc::Status status = (stub->*method)(&context, request, &response);
  if (!status.ok()) return Error::FromStatus(status);
  return response;
}

// UnaryAsync starts a call of `method` on `stub`'s callback interface.
template <typename Async, typename Request, typename Response>
void UnaryAsync(Async* stub,
                void (Async::*method)(grpc::ClientContext*, const Request*, Response*,
                                      std::function<void(grpc::Status)>),
                Request request, Done<Response> done, const CallOptions& options) {
  if (stub == nullptr) return done(NoChannel());
  // The callback API keeps pointers to all three until the callback runs.
  struct Call {
    grpc::ClientContext context;
    Request request;
    Response response;
  };
  auto call = std::make_unique<Call>();
  if (Result<void> set_up = internal::SetUp(options, call->context); !set_up.ok()) {
    return done(set_up.error());
  }
  call->request = std::move(request);
  Call* started = call.release();
  (stub->*method)(&started->context, &started->request, &started->response,
                  [started, done = std::move(done)](grpc::Status status) {
                    std::unique_ptr<Call> call(started);
                    Result<Response> result = status.ok()
                                                  ? Result<Response>(std::move(call->response))
                                                  : Result<Response>(Error::FromStatus(status));
                    // The context holds the channel, which `done` may let the caller destroy.
                    call.reset();
                    done(std::move(result));
                  });
}

// ReadAll reads a finite server stream to its end, or until `on_message` stops it.
template <typename Message>
Result<void> ReadAll(grpc::ClientContext& context, grpc::ClientReaderInterface<Message>& reader,
                     const OnMessage<Message>& on_message) {
  Message message;
  bool stopped = false;
  while (!stopped && reader.Read(&message)) stopped = on_message(message) == Next::kStop;
  if (stopped) context.TryCancel();
  const grpc::Status status = reader.Finish();
  if (stopped || status.ok()) return {};
  return Error::FromStatus(status);
}

template <typename Stub, typename Request, typename Message>
Result<void> ServerStream(
    Stub* stub,
    std::unique_ptr<grpc::ClientReader<Message>> (Stub::*method)(grpc::ClientContext*,
                                                                 const Request&),
    const Request& request, const OnMessage<Message>& on_message, const CallOptions& options) {
  if (stub == nullptr) return NoChannel();
  grpc::ClientContext context;
  if (Result<void> set_up = internal::SetUp(options, context); !set_up.ok()) return set_up;
  const std::unique_ptr<grpc::ClientReader<Message>> reader = (stub->*method)(&context, request);
  return ReadAll(context, *reader, on_message);
}

// Subscribe checks `options` and starts a subscription with `open`.
template <typename Response, typename Request>
Result<std::unique_ptr<Subscription<Response>>> Subscribe(
    const Client& client, std::shared_ptr<const void> stubs, internal::OpenStream<Response> open,
    Request request,
    OnMessage<Response> on_message, SubscribeOptions options) {
  if (Result<void> checked = internal::CheckMetadata(options.metadata); !checked.ok()) {
    return checked.error();
  }
  if (!on_message) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT, "chancery: a subscription needs a handler");
  }
  if (Result<void> checked = internal::CheckBackoff("chancery::SubscribeOptions",
                                                     options.min_backoff, options.max_backoff);
      !checked.ok()) {
    return checked.error();
  }
  if (options.from_head) {
    CallOptions head_options;
    head_options.metadata = options.metadata;
    head_options.timeout = absl::Seconds(30);
    head_options.wait_for_ready = true;
    Result<uint64_t> head = client.HeadPosition(head_options);
    if (!head.ok()) return head.error();
    request.set_after_position(*head);
  }
  return internal::StartSubscription<Response>(std::move(stubs), std::move(open),
                                               std::move(request), std::move(on_message),
                                               std::move(options));
}

// Calls go round the addresses of the target (several replicas), and a call
// that finds one unavailable is tried on the next (servers.h).
constexpr char kReplicaServiceConfig[] = R"json({
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "chancery.v1.RelationsService"}, {"service": "chancery.v1.EventLogService"},
             {"service": "chancery.v1.AuditService"},
             {"service": "chancery.v1.SubscriptionGroupService"}],
    "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s",
                    "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]}
  }]
})json";

bool HasArgument(const grpc::ChannelArguments& arguments, absl::string_view key) {
  const grpc_channel_args c_arguments = arguments.c_channel_args();
  for (size_t i = 0; i < c_arguments.num_args; ++i) {
    if (key == c_arguments.args[i].key) return true;
  }
  return false;
}

// ReplicaChannel: a channel to `servers` (servers.h), one address or a list,
// with the replica service config.
std::shared_ptr<grpc::Channel> ReplicaChannel(const std::string& servers,
                                              std::shared_ptr<grpc::ChannelCredentials> credentials,
                                              grpc::ChannelArguments arguments) {
  arguments.SetServiceConfigJSON(kReplicaServiceConfig);
  const Result<std::string> target = ServersTarget(servers);
  const bool list = target.ok() && *target != servers;
  // A list's authority (and so the name TLS checks) is its first address,
  // since "IP:PORT,IP:PORT" names no one server.
  if (list && !HasArgument(arguments, GRPC_ARG_DEFAULT_AUTHORITY)) {
    arguments.SetString(GRPC_ARG_DEFAULT_AUTHORITY,
                        std::string(absl::StripAsciiWhitespace(servers.substr(0, servers.find(',')))));
  }
  return grpc::CreateCustomChannel(
      list ? *target : servers,
      credentials != nullptr ? credentials : grpc::InsecureChannelCredentials(), arguments);
}

grpc::ChannelArguments SecurityArguments(const Security& security,
                                         grpc::ChannelArguments arguments) {
  if (security.tls() && !security.tls_server_name.empty()) {
    arguments.SetSslTargetNameOverride(security.tls_server_name);
  }
  return arguments;
}

}  // namespace

Client::Client(const std::string& target, std::shared_ptr<grpc::ChannelCredentials> credentials,
               const grpc::ChannelArguments& arguments)
    : Client(ReplicaChannel(target, std::move(credentials), arguments)) {}

Client::Client(const std::string& target, const Security& security,
               const grpc::ChannelArguments& arguments)
    : Client(target, CredentialsFor(security), SecurityArguments(security, arguments)) {}

Client::Client(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)),
      stubs_(channel_ != nullptr ? std::make_shared<Stubs>(channel_) : nullptr) {}

// One blocking and one callback method per unary RPC of `service`'s stub.
#define CHANCERY_UNARY(service, Method)                                                    \
  Result<v1::Method##Response> Client::Method(const v1::Method##Request& request,          \
                                              const CallOptions& options) const {          \
    return Unary(stubs_ ? &stubs_->service : nullptr, &decltype(Stubs::service)::Method,   \
                 request, options);                                                        \
  }                                                                                        \
  void Client::Method##Async(v1::Method##Request request, Done<v1::Method##Response> done, \
                             const CallOptions& options) const {                          \
    UnaryAsync(stubs_ ? stubs_->service.async() : nullptr,                                 \
               &decltype(Stubs::service)::async::Method, std::move(request),               \
               std::move(done), options);                                                 \
  }

CHANCERY_UNARY(relations, RecordEvents)
CHANCERY_UNARY(relations, RetractEvent)
CHANCERY_UNARY(relations, RecordObservations)
CHANCERY_UNARY(relations, GetRelationship)
CHANCERY_UNARY(relations, ListRelationships)
CHANCERY_UNARY(relations, GetTimeline)
CHANCERY_UNARY(relations, GetActorProfile)
CHANCERY_UNARY(event_log, ReadLog)
CHANCERY_UNARY(event_log, ReadStream)
CHANCERY_UNARY(audit, VerifyLog)
CHANCERY_UNARY(audit, GetCheckpoint)
CHANCERY_UNARY(audit, GetInclusionProof)
CHANCERY_UNARY(audit, GetConsistencyProof)
CHANCERY_UNARY(groups, CreateGroup)
CHANCERY_UNARY(groups, GetGroup)
CHANCERY_UNARY(groups, ListGroups)
CHANCERY_UNARY(groups, ResetGroup)
CHANCERY_UNARY(groups, DeleteGroup)
CHANCERY_UNARY(groups, ListParkedEvents)
CHANCERY_UNARY(groups, ReplayParkedEvents)
#undef CHANCERY_UNARY

Result<uint64_t> Client::HeadPosition(const CallOptions& options) const {
  v1::ReadLogRequest request;
  request.set_start_position(UINT64_MAX);  // Past the head: an empty page that tells the head.
  Result<v1::ReadLogResponse> page = ReadLog(request, options);
  if (!page.ok()) return page.error();
  return page->head_position();
}

Result<void> Client::ReplayRelationship(const v1::ReplayRelationshipRequest& request,
                                        const OnMessage<v1::ReplayRelationshipResponse>& on_message,
                                        const CallOptions& options) const {
  auto* stub = stubs_ ? &stubs_->audit : nullptr;
  return ServerStream(stub, &v1::AuditService::Stub::ReplayRelationship, request, on_message,
                      options);
}

Result<void> Client::ExportLog(const v1::ExportLogRequest& request,
                               const OnMessage<v1::ExportLogResponse>& on_message,
                               const CallOptions& options) const {
  auto* stub = stubs_ ? &stubs_->audit : nullptr;
  return ServerStream(stub, &v1::AuditService::Stub::ExportLog, request, on_message, options);
}

Result<void> Client::BackupDatabase(const v1::BackupDatabaseRequest& request,
                                    const OnMessage<v1::BackupDatabaseResponse>& on_message,
                                    const CallOptions& options) const {
  auto* stub = stubs_ ? &stubs_->operations : nullptr;
  return ServerStream(stub, &v1::OperationsService::Stub::BackupDatabase, request, on_message,
                      options);
}

Result<std::unique_ptr<LogSubscription>> Client::SubscribeLog(
    const v1::SubscribeLogRequest& request,
    OnMessage<v1::SubscribeLogResponse> on_message,
    SubscribeOptions options) const {
  if (stubs_ == nullptr) return NoChannel();
  auto* async = stubs_->event_log.async();
  internal::OpenStream<v1::SubscribeLogResponse> open =
      [async](grpc::ClientContext* context, const v1::SubscribeLogRequest* request,
                              grpc::ClientReadReactor<v1::SubscribeLogResponse>* reactor) {
        async->SubscribeLog(context, request, reactor);
      };
  return Subscribe(*this, stubs_, std::move(open), request, std::move(on_message),
                   std::move(options));
}

Result<std::unique_ptr<RelationshipWatch>> Client::WatchRelationships(
    const v1::WatchRelationshipsRequest& request,
    OnMessage<v1::WatchRelationshipsResponse> on_message,
    SubscribeOptions options) const {
  if (stubs_ == nullptr) return NoChannel();
  auto* async = stubs_->relations.async();
  internal::OpenStream<v1::WatchRelationshipsResponse> open =
      [async](grpc::ClientContext* context, const v1::WatchRelationshipsRequest* request,
                              grpc::ClientReadReactor<v1::WatchRelationshipsResponse>* reactor) {
        async->WatchRelationships(context, request, reactor);
      };
  return Subscribe(*this, stubs_, std::move(open), request, std::move(on_message),
                   std::move(options));
}

Result<std::unique_ptr<GroupConsumer>> Client::ConsumeGroup(const v1::JoinGroup& join,
                                                            OnDelivery on_delivery,
                                                            ConsumeOptions options) const {
  if (stubs_ == nullptr) return NoChannel();
  if (Result<void> checked = internal::CheckMetadata(options.metadata); !checked.ok()) {
    return checked.error();
  }
  if (!on_delivery) {
    return Error(grpc::StatusCode::INVALID_ARGUMENT, "chancery: a group consumer needs a handler");
  }
  if (Result<void> checked = internal::CheckBackoff("chancery::ConsumeOptions",
                                                     options.min_backoff, options.max_backoff);
      !checked.ok()) {
    return checked.error();
  }
  auto* async = stubs_->groups.async();
  internal::OpenGroupStream open = [async](grpc::ClientContext* context,
                                           internal::GroupReactor* reactor) {
    async->ConsumeGroup(context, reactor);
  };
  return internal::StartGroupConsumer(stubs_, std::move(open), join, std::move(on_delivery),
                                      std::move(options));
}

}  // namespace chancery
