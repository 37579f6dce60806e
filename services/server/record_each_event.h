// RecordEvents with `partial_success`: each event accepted or refused on its
// own, so that one bad row of a bulk import never costs the others.
//
// The valid events are appended as one store request. An event whose id the
// store finds recorded with other content (ALREADY_EXISTS) is refused and
// the rest appended again, so every result is either a recorded position or
// that event's own error.

#ifndef CHANCERY_SERVICES_SERVER_RECORD_EACH_EVENT_H_
#define CHANCERY_SERVICES_SERVER_RECORD_EACH_EVENT_H_

#include <grpcpp/support/status.h>

#include <functional>

#include "absl/time/time.h"
#include "chancery/v1/relations_service.pb.h"
#include "eventstore/event_store.h"

namespace chancery::server {

// RecordEachEvent records `request` (partial_success) into `store`, fills
// `response` and calls `done` once, possibly on the store's writer thread.
// `request` and `response` must outlive the call to `done`.
void RecordEachEvent(eventstore::EventStore& store, const v1::RecordEventsRequest& request,
                     absl::Time now, v1::RecordEventsResponse& response,
                     std::function<void(grpc::Status)> done);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RECORD_EACH_EVENT_H_
