// RetractEvent: from a validated RetractEventRequest to an append of a
// Retraction in the retracted event's stream.
//
// A retraction is stored under the id "retraction:<event id>", so the
// store's idempotency does the rest: the same retraction again is a
// duplicate, another reason for the same event is ALREADY_EXISTS.

#ifndef CHANCERY_SERVICES_SERVER_RETRACT_EVENT_H_
#define CHANCERY_SERVICES_SERVER_RETRACT_EVENT_H_

#include <grpcpp/support/status.h>

#include <functional>

#include "chancery/v1/relations_service.pb.h"
#include "eventstore/event_store.h"
#include "services/server/record_events.h"

namespace chancery::server {

// RetractEvent validates `request`, finds the event and appends its
// retraction, as `call` says; `done` gets the RPC's status once the store
// has answered (on the store's writer thread, or at once for a refused
// request).
void RetractEvent(eventstore::EventStore& store, const v1::RetractEventRequest& request,
                  const WriteCall& call, v1::RetractEventResponse& response,
                  std::function<void(grpc::Status)> done);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RETRACT_EVENT_H_
