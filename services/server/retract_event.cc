#include "services/server/retract_event.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/event_validator.h"
#include "services/server/log_record_codec.h"
#include "services/server/record_events.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

void RetractEvent(eventstore::EventStore& store, const v1::RetractEventRequest& request,
                  const WriteCall& call, v1::RetractEventResponse& response,
                  std::function<void(grpc::Status)> done) {
  domain::Violations bad_request = domain::ValidateRetractEvent(request);
  if (!bad_request.empty()) {
    done(RpcStatus(bad_request));
    return;
  }
  const std::string event_id = absl::AsciiStrToLower(request.event_id());
  absl::StatusOr<eventstore::RecordedEvent> event = store.ReadEvent(event_id);
  if (!event.ok()) {
    if (event.status().code() == absl::StatusCode::kNotFound) {
      done(RpcStatus(absl::NotFoundError(absl::StrCat(
          "no event has event_id ", event_id, "; check the id (ReadLog shows what is recorded)"))));
    } else {
      done(RpcStatus(event.status()));
    }
    return;
  }

  v1::Retraction retraction;
  retraction.set_retracted_event_id(event_id);
  retraction.set_reason(request.reason());
  eventstore::EventData data{absl::StrCat("retraction:", event_id), kRetractionType,
                             retraction.SerializeAsString(), event->data.valid_time_us,
                             call.recorded_by};
  SetCausation(request, call, data);
  eventstore::AppendRequest append;
  append.deadline = call.deadline;
  append.streams.push_back(
      {event->stream,
       request.has_expected_revision() ? ToStoreExpectedRevision(request.expected_revision())
                                       : eventstore::ExpectedRevision::Any(),
       {std::move(data)}});
  store.AppendAsync(std::move(append), [&request, &response, event_id, stream = event->stream,
                                        done = std::move(done)](
                                           absl::StatusOr<eventstore::AppendResult> result) {
    if (!result.ok()) {
      if (std::optional<grpc::Status> conflict = RevisionConflictStatus(
              result.status(),
              request.has_expected_revision() ? &request.expected_revision() : nullptr)) {
        done(*conflict);
      } else if (result.status().code() == absl::StatusCode::kAlreadyExists) {
        done(RpcStatus(absl::AlreadyExistsError(
            absl::StrCat("event ", event_id,
                         " is already retracted with another reason; an event is retracted once"))));
      } else {
        done(RpcStatus(result.status()));
      }
      return;
    }
    v1::RecordResult* out = response.mutable_result();
    out->set_event_id(event_id);
    out->set_stream(stream);
    out->set_position(result->events[0].position);
    out->set_revision(result->events[0].revision);
    out->set_duplicate(result->events[0].duplicate);
    done(grpc::Status::OK);
  });
}

}  // namespace chancery::server
