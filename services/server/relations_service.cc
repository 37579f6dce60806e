#include "services/server/relations_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/domain/event_validator.h"
#include "services/domain/streams.h"
#include "services/server/alert_conditions.h"
#include "services/server/change_filter_validation.h"
#include "services/server/record_events.h"
#include "services/server/request_checks.h"
#include "services/server/retract_event.h"
#include "services/server/rpc_status.h"
#include "services/server/token_authenticator.h"
#include "services/server/trace_parent.h"
#include "services/server/unary_on_executor.h"
#include "services/server/watch_relationships_reactor.h"

namespace chancery::server {
namespace {

// RecordedCount: the events a RecordEvents call added to the log (not
// refused, not already there).
size_t RecordedCount(const v1::RecordEventsResponse& response) {
  size_t recorded = 0;
  for (const v1::RecordResult& result : response.results()) {
    recorded += !result.has_error() && !result.duplicate();
  }
  return recorded;
}

}  // namespace

WriteCall RelationsService::WriteCallOf(const grpc::CallbackServerContext& context) const {
  return {RecorderOf(context), absl::Now(), limits_->DeadlineOf(context),
          TraceParentOf(context)};
}

grpc::ServerUnaryReactor* RelationsService::RecordEvents(grpc::CallbackServerContext* context,
                                                         const v1::RecordEventsRequest* request,
                                                         v1::RecordEventsResponse* response) {
  if (grpc::Status refused = limits_->Admit(*context, CallKind::kWrite); !refused.ok()) {
    return Refused(context, std::move(refused));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // The store answers on its writer thread; finishing there is non-blocking.
  RecordRequest(*store_, *request, WriteCallOf(*context), *response,
                [this, reactor, response](grpc::Status status) {
                  if (status.ok()) metrics_->Imported(RecordedCount(*response));
                  reactor->Finish(std::move(status));
                });
  return reactor;
}

grpc::ServerUnaryReactor* RelationsService::RecordObservations(
    grpc::CallbackServerContext* context, const v1::RecordObservationsRequest* request,
    v1::RecordObservationsResponse* response) {
  if (grpc::Status refused = limits_->Admit(*context, CallKind::kWrite); !refused.ok()) {
    return Refused(context, std::move(refused));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  RecordRequest(*store_, *request, WriteCallOf(*context), *response,
                [reactor](grpc::Status status) { reactor->Finish(std::move(status)); });
  return reactor;
}

grpc::ServerUnaryReactor* RelationsService::RetractEvent(grpc::CallbackServerContext* context,
                                                         const v1::RetractEventRequest* request,
                                                         v1::RetractEventResponse* response) {
  if (grpc::Status refused = limits_->Admit(*context, CallKind::kWrite); !refused.ok()) {
    return Refused(context, std::move(refused));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // It reads the retracted event before it appends.
  executor_->Post([this, reactor, request, response, call = WriteCallOf(*context)] {
    if (absl::Now() >= call.deadline) {
      reactor->Finish(DeadlineExceeded());
      return;
    }
    server::RetractEvent(*store_, *request, call, *response,
                         [this, reactor, response](grpc::Status status) {
      if (status.ok() && !response->result().duplicate()) metrics_->Retracted();
      reactor->Finish(std::move(status));
    });
  });
  return reactor;
}

grpc::ServerUnaryReactor* RelationsService::GetRelationship(
    grpc::CallbackServerContext* context, const v1::GetRelationshipRequest* request,
    v1::GetRelationshipResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, request, response] {
    return reads_.GetRelationship(*request, *response);
  });
}

grpc::ServerUnaryReactor* RelationsService::ListRelationships(
    grpc::CallbackServerContext* context, const v1::ListRelationshipsRequest* request,
    v1::ListRelationshipsResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, request, response] {
    return reads_.ListRelationships(*request, *response);
  });
}

grpc::ServerUnaryReactor* RelationsService::GetTimeline(grpc::CallbackServerContext* context,
                                                        const v1::GetTimelineRequest* request,
                                                        v1::GetTimelineResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, request, response] {
    return reads_.GetTimeline(*request, *response);
  });
}

grpc::ServerUnaryReactor* RelationsService::GetActorProfile(
    grpc::CallbackServerContext* context, const v1::GetActorProfileRequest* request,
    v1::GetActorProfileResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, request, response] {
    return reads_.GetActorProfile(*request, *response);
  });
}

grpc::ServerWriteReactor<v1::WatchRelationshipsResponse>* RelationsService::WatchRelationships(
    grpc::CallbackServerContext* context, const v1::WatchRelationshipsRequest* request) {
  domain::Violations bad_request;
  ChangeFilter filter =
      ValidateChangeFilter(request->dyads(), request->actor_codes(), "", bad_request);
  CheckAlertConditions(request->conditions(), "conditions", bad_request);
  StreamSlot slot;
  grpc::Status refusal = !bad_request.empty()
                             ? RpcStatus(bad_request)
                             : CheckStreamStart(request->after_position(), *store_);
  if (refusal.ok()) refusal = limits_->OpenStream(*context, &slot);
  if (!refusal.ok()) {
    return new RefusedStream<v1::WatchRelationshipsResponse>(std::move(refusal));
  }
  auto* reactor = new WatchRelationshipsReactor(
      store_, fanout_, executor_, request->after_position(),
      WatchRelationshipsPolicy(projections_, std::move(filter), request->structural_only(),
                               request->conditions()),
      std::move(slot), metrics_->Streams(StreamKind::kRelationships));
  reactor->Start();
  return reactor;
}

}  // namespace chancery::server
