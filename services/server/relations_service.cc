#include "services/server/relations_service.h"

#include "absl/time/clock.h"
#include "services/domain/event_validator.h"
#include "services/server/record_events.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

grpc::ServerUnaryReactor* RelationsService::RecordEvents(grpc::CallbackServerContext* context,
                                                         const v1::RecordEventsRequest* request,
                                                         v1::RecordEventsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  google::rpc::BadRequest bad_request = domain::ValidateRecordEvents(*request, absl::Now());
  if (bad_request.field_violations_size() > 0) {
    reactor->Finish(InvalidArgument(bad_request));
    return reactor;
  }
  auto plan = std::make_shared<PlannedAppend>(PlanAppend(*request));
  eventstore::AppendRequest append = std::move(plan->request);
  // The store answers on its writer thread; finishing there is non-blocking.
  store_->AppendAsync(std::move(append), [reactor, request, response, plan](
                                             absl::StatusOr<eventstore::AppendResult> result) {
    if (!result.ok()) {
      reactor->Finish(AppendError(*plan, *request, result.status()));
      return;
    }
    ToResponse(*plan, *result, *response);
    reactor->Finish(grpc::Status::OK);
  });
  return reactor;
}

}  // namespace chancery::server
