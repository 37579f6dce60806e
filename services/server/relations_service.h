// RelationsService: recording events. Relationship reads come with the
// projections (issue 4); until then those methods answer UNIMPLEMENTED.

#ifndef CHANCERY_SERVICES_SERVER_RELATIONS_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_RELATIONS_SERVICE_H_

#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/event_store.h"

namespace chancery::server {

class RelationsService final : public v1::RelationsService::CallbackService {
 public:
  // `store` must outlive the service.
  explicit RelationsService(eventstore::EventStore* store) : store_(store) {}

  // RecordEvents validates every event, then appends them all in one atomic
  // store request; the answer comes when the store has committed.
  grpc::ServerUnaryReactor* RecordEvents(grpc::CallbackServerContext* context,
                                         const v1::RecordEventsRequest* request,
                                         v1::RecordEventsResponse* response) override;

 private:
  eventstore::EventStore* const store_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RELATIONS_SERVICE_H_
