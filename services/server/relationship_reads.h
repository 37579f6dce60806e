// The read RPCs of RelationsService: each folds the live projections at
// the request's point in both times (query_point.h) and fills in whole log
// records from the store where the API returns them.
//
// Every read first waits for the projections to reflect every record the
// store has committed, so a client always reads its own writes.

#ifndef CHANCERY_SERVICES_SERVER_RELATIONSHIP_READS_H_
#define CHANCERY_SERVICES_SERVER_RELATIONSHIP_READS_H_

#include <grpcpp/support/status.h>

#include <functional>

#include "chancery/v1/relations_service.pb.h"
#include "eventstore/event_store.h"
#include "services/server/projections.h"
#include "services/server/request_checks.h"

namespace chancery::server {

class RelationshipReads {
 public:
  // Both must outlive the reads.
  RelationshipReads(eventstore::EventStore* store, const Projections* projections)
      : store_(store), projections_(projections) {}

  grpc::Status GetRelationship(const v1::GetRelationshipRequest& request,
                               v1::GetRelationshipResponse& response) const;
  grpc::Status ListRelationships(const v1::ListRelationshipsRequest& request,
                                 v1::ListRelationshipsResponse& response) const;
  grpc::Status GetTimeline(const v1::GetTimelineRequest& request,
                           v1::GetTimelineResponse& response) const;
  grpc::Status GetActorProfile(const v1::GetActorProfileRequest& request,
                               v1::GetActorProfileResponse& response) const;

 private:
  // FillRecords reads the records at `positions` in one read, the one at
  // positions[i] into `*record(i)`; for position 0 it does nothing (and
  // leaves the field unset).
  grpc::Status FillRecords(const std::vector<uint64_t>& positions,
                           const std::function<v1::LogRecord*(size_t)>& record) const;

  // KnownAtRange is what a page token's known-at position may be: at most
  // the store's head, which the projections reach before the read
  // (Projections::CatchUpWith), as for known_at.position.
  absl::StatusOr<CursorRange> KnownAtRange() const;

  eventstore::EventStore* const store_;
  const Projections* const projections_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RELATIONSHIP_READS_H_
