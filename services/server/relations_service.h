// RelationsService: recording events and retractions, and reading the
// relationships projected from them (relationship_reads.h), now or as a
// stream of changes (watch_relationships_reactor.h).

#ifndef CHANCERY_SERVICES_SERVER_RELATIONS_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_RELATIONS_SERVICE_H_

#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "services/server/call_limits.h"
#include "services/server/executor.h"
#include "services/server/metrics.h"
#include "services/server/log_fanout.h"
#include "services/server/projections.h"
#include "services/server/record_events.h"
#include "services/server/relationship_reads.h"

namespace chancery::server {

class RelationsService final : public v1::RelationsService::CallbackService {
 public:
  // All must outlive the service. Reads run on `executor`; every call
  // counts against its caller's `limits`; recordings, retractions and
  // watches count in `metrics`.
  RelationsService(eventstore::EventStore* store, const Projections* projections,
                   LogFanout* fanout, Executor* executor, CallLimits* limits, Metrics* metrics)
      : store_(store),
        projections_(projections),
        fanout_(fanout),
        executor_(executor),
        limits_(limits),
        metrics_(metrics),
        reads_(store, projections) {}

  // RecordEvents and RecordObservations validate every record, then append
  // them in one atomic store request (or each on its own, with
  // partial_success); the answer comes when the store has committed.
  grpc::ServerUnaryReactor* RecordEvents(grpc::CallbackServerContext* context,
                                         const v1::RecordEventsRequest* request,
                                         v1::RecordEventsResponse* response) override;
  grpc::ServerUnaryReactor* RecordObservations(grpc::CallbackServerContext* context,
                                               const v1::RecordObservationsRequest* request,
                                               v1::RecordObservationsResponse* response) override;
  grpc::ServerUnaryReactor* RetractEvent(grpc::CallbackServerContext* context,
                                         const v1::RetractEventRequest* request,
                                         v1::RetractEventResponse* response) override;
  grpc::ServerUnaryReactor* GetRelationship(grpc::CallbackServerContext* context,
                                            const v1::GetRelationshipRequest* request,
                                            v1::GetRelationshipResponse* response) override;
  grpc::ServerUnaryReactor* ListRelationships(grpc::CallbackServerContext* context,
                                              const v1::ListRelationshipsRequest* request,
                                              v1::ListRelationshipsResponse* response) override;
  grpc::ServerUnaryReactor* GetTimeline(grpc::CallbackServerContext* context,
                                        const v1::GetTimelineRequest* request,
                                        v1::GetTimelineResponse* response) override;
  grpc::ServerUnaryReactor* GetActorProfile(grpc::CallbackServerContext* context,
                                            const v1::GetActorProfileRequest* request,
                                            v1::GetActorProfileResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchRelationshipsResponse>* WatchRelationships(
      grpc::CallbackServerContext* context, const v1::WatchRelationshipsRequest* request) override;

 private:
  // WriteCallOf: who makes a write call, now, and its deadline.
  WriteCall WriteCallOf(const grpc::CallbackServerContext& context) const;

  eventstore::EventStore* const store_;
  const Projections* const projections_;
  LogFanout* const fanout_;
  Executor* const executor_;
  CallLimits* const limits_;
  Metrics* const metrics_;
  const RelationshipReads reads_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RELATIONS_SERVICE_H_
