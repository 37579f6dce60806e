// AuditService's checkpoints and proofs: a signed checkpoint of the log as
// it stands, and RFC 6962 proofs against the Merkle tree of any prefix.

#include "absl/strings/str_cat.h"
#include "common/checkpoint.h"
#include "eventstore/hash_chain.h"
#include "services/server/audit_service.h"
#include "services/server/log_record_codec.h"
#include "services/server/rpc_status.h"
#include "services/server/unary_on_executor.h"

namespace chancery::server {
namespace {

// CheckTreeSize: OUT_OF_RANGE naming `field` when `size` is beyond `head`.
absl::Status CheckTreeSize(absl::string_view field, uint64_t size, uint64_t head) {
  if (size <= head) return absl::OkStatus();
  return absl::OutOfRangeError(absl::StrCat(field, " ", size, " is past the head of the log (",
                                            head, "); ask for a size from 1 to ", head));
}

// HeadHash is the chain hash of the record at `position` (32 zero bytes for 0).
absl::StatusOr<std::string> HeadHash(eventstore::EventStore& store, uint64_t position) {
  if (position == 0) return eventstore::GenesisHash();
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
      store.ReadLog({position, "", {}, 1});
  if (!events.ok()) return events.status();
  if (events->empty() || events->front().position != position) {
    return absl::DataLossError(absl::StrCat("the log has no record at position ", position));
  }
  return events->front().hash;
}

}  // namespace

AuditService::AuditService(eventstore::EventStore* store, const Projections* projections,
                           Executor* executor, CallLimits* limits, Metrics* metrics,
                           const Ed25519PrivateKey* signing_key)
    : store_(store),
      projections_(projections),
      executor_(executor),
      limits_(limits),
      metrics_(metrics),
      signing_key_(signing_key),
      tree_(store) {
  if (signing_key_ != nullptr) executor_->Post([this] { tree_.CatchUp().IgnoreError(); });
}

grpc::ServerUnaryReactor* AuditService::GetCheckpoint(grpc::CallbackServerContext* context,
                                                      const v1::GetCheckpointRequest* request,
                                                      v1::GetCheckpointResponse* response) {
  if (signing_key_ == nullptr) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(RpcStatus(absl::FailedPreconditionError(
        "chanceryd signs no checkpoints: start it with --signing-key=PEM (an Ed25519 private "
        "key) to serve them")));
    return reactor;
  }
  return AnswerOnExecutor(context, *limits_, *executor_, [this, response] {
    absl::StatusOr<uint64_t> size = tree_.CatchUp();
    if (!size.ok()) return RpcStatus(size.status());
    absl::StatusOr<std::string> root = tree_.Root(*size);
    if (!root.ok()) return RpcStatus(root.status());
    absl::StatusOr<std::string> head_hash = HeadHash(*store_, *size);
    if (!head_hash.ok()) return RpcStatus(head_hash.status());
    Checkpoint checkpoint;
    checkpoint.origin = LogOrigin(signing_key_->PublicKey());
    checkpoint.size = *size;
    checkpoint.root = *std::move(root);
    checkpoint.head_hash = *std::move(head_hash);
    checkpoint.time = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
    response->set_checkpoint(SignCheckpoint(checkpoint, *signing_key_));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AuditService::GetInclusionProof(
    grpc::CallbackServerContext* context, const v1::GetInclusionProofRequest* request,
    v1::GetInclusionProofResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, request, response] {
    domain::Violations bad_request;
    if (request->tree_size() == 0) {
      bad_request.Add("tree_size", "must be the size of a tree to prove in, 1 or more");
    } else if (request->position() == 0 || request->position() > request->tree_size()) {
      bad_request.Add("position", absl::StrCat(request->position(), " is not from 1 to tree_size (",
                                               request->tree_size(), ")"));
    }
    if (!bad_request.empty()) return RpcStatus(bad_request);
    absl::StatusOr<uint64_t> head = tree_.CatchUp();
    if (!head.ok()) return RpcStatus(head.status());
    if (absl::Status valid = CheckTreeSize("tree_size", request->tree_size(), *head);
        !valid.ok()) {
      return RpcStatus(valid);
    }
    absl::StatusOr<std::vector<std::string>> path =
        tree_.InclusionProof(request->position(), request->tree_size());
    if (!path.ok()) return RpcStatus(path.status());
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
        store_->ReadPositions({request->position()});
    if (!events.ok()) return RpcStatus(events.status());
    if (events->empty()) {
      return RpcStatus(absl::DataLossError(
          absl::StrCat("the log has no record at position ", request->position())));
    }
    absl::StatusOr<v1::LogRecord> record = ToLogRecord(events->front());
    if (!record.ok()) return RpcStatus(record.status());
    *response->mutable_record() = *std::move(record);
    response->set_leaf(eventstore::RecordLeaf(eventstore::ViewOf(events->front())));
    for (std::string& hash : *path) response->add_audit_path(std::move(hash));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* AuditService::GetConsistencyProof(
    grpc::CallbackServerContext* context, const v1::GetConsistencyProofRequest* request,
    v1::GetConsistencyProofResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, request, response] {
    if (request->first_size() == 0 || request->first_size() > request->second_size()) {
      domain::Violations bad_request;
      bad_request.Add("first_size", absl::StrCat(request->first_size(),
                                                 " is not from 1 to second_size (",
                                                 request->second_size(), ")"));
      return RpcStatus(bad_request);
    }
    absl::StatusOr<uint64_t> head = tree_.CatchUp();
    if (!head.ok()) return RpcStatus(head.status());
    if (absl::Status valid = CheckTreeSize("second_size", request->second_size(), *head);
        !valid.ok()) {
      return RpcStatus(valid);
    }
    absl::StatusOr<std::vector<std::string>> proof =
        tree_.ConsistencyProof(request->first_size(), request->second_size());
    if (!proof.ok()) return RpcStatus(proof.status());
    for (std::string& hash : *proof) response->add_proof(std::move(hash));
    return grpc::Status::OK;
  });
}

}  // namespace chancery::server
