// AuditService: verify the hash chain, replay a relationship event by
// event, export the whole log, sign checkpoints and prove records and
// prefixes of the log against them (audit_checkpoints.cc). Nothing here
// writes.

#ifndef CHANCERY_SERVICES_SERVER_AUDIT_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_AUDIT_SERVICE_H_

#include "chancery/v1/audit_service.grpc.pb.h"
#include "common/ed25519.h"
#include "eventstore/event_store.h"
#include "services/server/call_limits.h"
#include "eventstore/log_tree.h"
#include "services/server/executor.h"
#include "services/server/metrics.h"
#include "services/server/projections.h"

namespace chancery::server {

class AuditService final : public v1::AuditService::CallbackService {
 public:
  // All must outlive the service. Reads run on `executor`; every call
  // counts against its caller's `limits`; chain verifications that fail
  // count in `metrics`. Checkpoints are signed with
  // `signing_key`; without one, GetCheckpoint is refused. With one, the
  // Merkle tree is built on `executor` at once, so that the first checkpoint
  // need not wait for a read of the whole log.
  AuditService(eventstore::EventStore* store, const Projections* projections, Executor* executor,
               CallLimits* limits, Metrics* metrics,
               const Ed25519PrivateKey* signing_key = nullptr);

  grpc::ServerUnaryReactor* VerifyLog(grpc::CallbackServerContext* context,
                                      const v1::VerifyLogRequest* request,
                                      v1::VerifyLogResponse* response) override;
  grpc::ServerWriteReactor<v1::ReplayRelationshipResponse>* ReplayRelationship(
      grpc::CallbackServerContext* context, const v1::ReplayRelationshipRequest* request) override;
  grpc::ServerWriteReactor<v1::ExportLogResponse>* ExportLog(
      grpc::CallbackServerContext* context, const v1::ExportLogRequest* request) override;
  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* context,
                                          const v1::GetCheckpointRequest* request,
                                          v1::GetCheckpointResponse* response) override;
  grpc::ServerUnaryReactor* GetInclusionProof(grpc::CallbackServerContext* context,
                                              const v1::GetInclusionProofRequest* request,
                                              v1::GetInclusionProofResponse* response) override;
  grpc::ServerUnaryReactor* GetConsistencyProof(grpc::CallbackServerContext* context,
                                                const v1::GetConsistencyProofRequest* request,
                                                v1::GetConsistencyProofResponse* response) override;

 private:
  eventstore::EventStore* const store_;
  const Projections* const projections_;
  Executor* const executor_;
  CallLimits* const limits_;
  Metrics* const metrics_;
  const Ed25519PrivateKey* const signing_key_;
  eventstore::LogTree tree_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_AUDIT_SERVICE_H_
