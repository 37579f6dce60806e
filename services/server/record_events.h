// From a validated RecordEventsRequest to an event store append, and from
// the store's answer (or error) back to the API's.

#ifndef CHANCERY_SERVICES_SERVER_RECORD_EVENTS_H_
#define CHANCERY_SERVICES_SERVER_RECORD_EVENTS_H_

#include <grpcpp/support/status.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chancery/v1/relations_service.pb.h"
#include "eventstore/append.h"

namespace chancery::server {

// A store request for a request's events, and each event's stream.
struct PlannedAppend {
  eventstore::AppendRequest request;
  std::vector<std::string> streams;  // streams[i] is where events[i] goes.
  std::vector<std::string> event_ids;  // Normalized, in request order.
};

// PlanAppend normalizes `request`'s events (which must be valid) into one
// atomic store request. Consecutive events of one stream share a part, so
// positions follow request order; a stream's expected revision applies to
// its first part.
PlannedAppend PlanAppend(const v1::RecordEventsRequest& request);

// ToResponse fills `response` from the store's result, in request order.
void ToResponse(const PlannedAppend& plan, const eventstore::AppendResult& result,
                v1::RecordEventsResponse& response);

// AppendError turns a store error into the API's: ABORTED with a
// RevisionConflict, ALREADY_EXISTS with a BadRequest naming each event with
// the reused id, or the store's status as it is.
grpc::Status AppendError(const PlannedAppend& plan, const v1::RecordEventsRequest& request,
                         const absl::Status& status);

// RevisionConflictStatus turns a store revision conflict into ABORTED with
// a RevisionConflict detail (carrying `expected`, if given); nullopt for any
// other status.
std::optional<grpc::Status> RevisionConflictStatus(const absl::Status& status,
                                                   const v1::ExpectedRevision* expected);

// ToStoreExpectedRevision: the API's expected revision in the store's terms
// (unset accepts any revision).
eventstore::ExpectedRevision ToStoreExpectedRevision(const v1::ExpectedRevision& expected);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RECORD_EVENTS_H_
