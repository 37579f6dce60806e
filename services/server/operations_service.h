// OperationsService: an operator's calls on the server as a whole; a backup
// of the database while the server goes on serving.

#ifndef CHANCERY_SERVICES_SERVER_OPERATIONS_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_OPERATIONS_SERVICE_H_

#include <cstddef>

#include "chancery/v1/operations_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "services/server/call_limits.h"
#include "services/server/executor.h"

namespace chancery::server {

class OperationsService final : public v1::OperationsService::CallbackService {
 public:
  // All must outlive the service. Backups are taken and read on `executor`,
  // each call counting as a stream against its caller's `limits`, and sent
  // in chunks of at most `chunk_bytes`.
  OperationsService(eventstore::EventStore* store, Executor* executor, CallLimits* limits,
                    size_t chunk_bytes);

  grpc::ServerWriteReactor<v1::BackupDatabaseResponse>* BackupDatabase(
      grpc::CallbackServerContext* context, const v1::BackupDatabaseRequest* request) override;

 private:
  eventstore::EventStore* const store_;
  Executor* const executor_;
  CallLimits* const limits_;
  const size_t chunk_bytes_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_OPERATIONS_SERVICE_H_
