// Recording events and observations: from a request to an event store
// append, and from the store's answer (or error) back to the API's.
//
// A request is validated whole first (nothing of a bad request reaches the
// log), then its records are normalized and appended as one atomic store
// request; with `partial_success` each record is accepted or refused on its
// own: the valid ones are appended together, and one whose id the store
// finds recorded with other content is refused and the rest appended again,
// so every result is either a recorded position or that record's own error.

#ifndef CHANCERY_SERVICES_SERVER_RECORD_EVENTS_H_
#define CHANCERY_SERVICES_SERVER_RECORD_EVENTS_H_

#include <grpcpp/support/status.h>

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chancery/v1/relations_service.pb.h"
#include "eventstore/append.h"
#include "eventstore/event_store.h"
#include "services/server/trace_parent.h"

namespace chancery::server {

// What the server stores of a valid record: its stream, and the record as
// the store keeps it (normalized, deterministically serialized, its date as
// the valid time). Benchmarks that fill a store directly use it too.
struct PlannedRecord {
  std::string stream;
  eventstore::EventData data;  // data.event_id is the record's id.
};
PlannedRecord PlanRecord(v1::DiplomaticEvent event);
PlannedRecord PlanRecord(v1::RepresentationObservation observation);

// Who makes a write call, and when.
struct WriteCall {
  std::string recorded_by;  // The caller's principal, or "".
  absl::Time now;           // Bounds the dates.
  // Nothing is appended once it has passed (CallLimits::DeadlineOf).
  absl::Time deadline = absl::InfiniteFuture();
  std::optional<TraceParent> trace;  // The call's traceparent, if valid.
};

// SetCausation gives `data` the correlation and causation ids of a write
// `request` (of any kind), each defaulting to the call's trace.
template <typename Request>
void SetCausation(const Request& request, const WriteCall& call, eventstore::EventData& data) {
  data.correlation_id = !request.correlation_id().empty() ? request.correlation_id()
                        : call.trace                      ? call.trace->trace_id
                                                          : "";
  data.causation_id = !request.causation_id().empty() ? request.causation_id()
                      : call.trace                    ? call.trace->parent_id
                                                      : "";
}

// RecordRequest records `request` into `store` as above, as `call` says,
// fills `response` and calls `done` once, possibly on the store's writer
// thread. `request` and `response` must outlive the call to `done`.
void RecordRequest(eventstore::EventStore& store, const v1::RecordEventsRequest& request,
                   const WriteCall& call, v1::RecordEventsResponse& response,
                   std::function<void(grpc::Status)> done);
void RecordRequest(eventstore::EventStore& store, const v1::RecordObservationsRequest& request,
                   const WriteCall& call, v1::RecordObservationsResponse& response,
                   std::function<void(grpc::Status)> done);

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
