// AuditService: verify the hash chain, replay a relationship event by
// event, export the whole log. Nothing here writes.

#ifndef CHANCERY_SERVICES_SERVER_AUDIT_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_AUDIT_SERVICE_H_

#include "chancery/v1/audit_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "services/server/call_limits.h"
#include "services/server/executor.h"
#include "services/server/projections.h"

namespace chancery::server {

class AuditService final : public v1::AuditService::CallbackService {
 public:
  // All must outlive the service. Reads run on `executor`.
  AuditService(eventstore::EventStore* store, const Projections* projections, Executor* executor,
               CallLimits* limits)
      : store_(store), projections_(projections), executor_(executor), limits_(limits) {}

  grpc::ServerUnaryReactor* VerifyLog(grpc::CallbackServerContext* context,
                                      const v1::VerifyLogRequest* request,
                                      v1::VerifyLogResponse* response) override;
  grpc::ServerWriteReactor<v1::ReplayRelationshipResponse>* ReplayRelationship(
      grpc::CallbackServerContext* context, const v1::ReplayRelationshipRequest* request) override;
  grpc::ServerWriteReactor<v1::ExportLogResponse>* ExportLog(
      grpc::CallbackServerContext* context, const v1::ExportLogRequest* request) override;

 private:
  eventstore::EventStore* const store_;
  const Projections* const projections_;
  Executor* const executor_;
  CallLimits* const limits_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_AUDIT_SERVICE_H_
