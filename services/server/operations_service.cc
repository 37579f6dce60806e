#include "services/server/operations_service.h"

#include <memory>
#include <optional>
#include <vector>

#include "eventstore/backup.h"
#include "services/server/batch_stream_reactor.h"
#include "services/server/log_stream_reactor.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

OperationsService::OperationsService(eventstore::EventStore* store, Executor* executor,
                                     CallLimits* limits, size_t chunk_bytes)
    : store_(store), executor_(executor), limits_(limits), chunk_bytes_(chunk_bytes) {}

grpc::ServerWriteReactor<v1::BackupDatabaseResponse>* OperationsService::BackupDatabase(
    grpc::CallbackServerContext* context, const v1::BackupDatabaseRequest* request) {
  using Response = v1::BackupDatabaseResponse;
  StreamSlot slot;
  if (grpc::Status refused = limits_->OpenStream(*context, &slot); !refused.ok()) {
    return new RefusedStream<Response>(std::move(refused));
  }
  eventstore::BackupSource* source = store_->Backups();
  if (source == nullptr) {
    return new RefusedStream<Response>(RpcStatus(absl::FailedPreconditionError(
        "this server's store is not one file: a PostgreSQL store is backed up with PostgreSQL's "
        "own pg_dump and restored with pg_restore (README, \"Backup and restore\")")));
  }
  // Taken by the first fetch, on the executor; the copy goes with the reactor.
  auto backup = std::make_shared<std::optional<eventstore::BackupSnapshot>>();
  const size_t chunk_bytes = chunk_bytes_;
  return new BatchStreamReactor<Response>(
      executor_, std::move(slot),
      [source, backup, chunk_bytes]() -> absl::StatusOr<std::vector<Response>> {
        std::vector<Response> batch(1);
        if (!backup->has_value()) {
          absl::StatusOr<eventstore::BackupSnapshot> taken = source->TakeBackup();
          if (!taken.ok()) return taken.status();
          v1::BackupManifest& manifest = *batch[0].mutable_manifest();
          manifest.set_head_position(taken->head_position());
          manifest.set_head_hash(taken->head_hash());
          manifest.set_size_bytes(taken->size_bytes());
          backup->emplace(*std::move(taken));
          return batch;
        }
        absl::StatusOr<std::string> chunk = (*backup)->Read(chunk_bytes);
        if (!chunk.ok()) return chunk.status();
        if (chunk->empty()) return std::vector<Response>();
        batch[0].set_chunk(*std::move(chunk));
        return batch;
      });
}

}  // namespace chancery::server
