#include "services/server/audit_service.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "services/domain/calendar_date.h"
#include "services/domain/streams.h"
#include "services/projection/relationship_queries.h"
#include "services/server/batch_stream_reactor.h"
#include "services/server/log_record_codec.h"
#include "services/server/log_stream_reactor.h"
#include "services/server/query_point.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

// Records read from the store per batch of a stream.
constexpr size_t kStreamReadBatch = 500;

// A replayed event before its record is read from the store.
struct ReplayStep {
  uint64_t position;
  v1::Relationship state_after;
};

}  // namespace

grpc::ServerUnaryReactor* AuditService::VerifyLog(grpc::CallbackServerContext* context,
                                                  const v1::VerifyLogRequest* request,
                                                  v1::VerifyLogResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<eventstore::VerifyResult> result = store_->VerifyChain();
  if (!result.ok()) {
    reactor->Finish(RpcStatus(result.status()));
    return reactor;
  }
  response->set_verified_count(result->event_count);
  if (result->ok()) {
    response->set_head_hash(result->head_hash);
  } else {
    response->set_first_bad_position(result->first_bad_position);
    response->set_problem(
        "the stored hash does not match the chain recomputed from the records, or the position "
        "is missing");
  }
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

grpc::ServerWriteReactor<v1::ReplayRelationshipResponse>* AuditService::ReplayRelationship(
    grpc::CallbackServerContext* context, const v1::ReplayRelationshipRequest* request) {
  using Response = v1::ReplayRelationshipResponse;
  google::rpc::BadRequest bad_request;
  absl::StatusOr<std::string> dyad = domain::ParseDyad(request->dyad());
  if (!dyad.ok()) AddViolation(bad_request, "dyad", std::string(dyad.status().message()));
  const DayRange range = CheckDayRange(request->has_start_date(), request->start_date(),
                                       request->has_end_date(), request->end_date(), bad_request);
  const int32_t start = range.start;
  const int32_t end = range.end;
  CheckKnownAt(request->has_known_at(), request->known_at(), bad_request);
  if (bad_request.field_violations_size() > 0) {
    return new RefusedStream<Response>(InvalidArgument(bad_request));
  }
  if (absl::Status caught_up = projections_->CatchUpWith(*store_); !caught_up.ok()) {
    return new RefusedStream<Response>(RpcStatus(caught_up));
  }

  // Fold the whole replay now (it is one dyad); read its records lazily.
  auto steps = std::make_shared<std::deque<ReplayStep>>();
  absl::Status folded = projections_->Read([&](const projection::ProjectionIndex& index) {
    absl::StatusOr<uint64_t> known_at =
        KnownAtPosition(request->has_known_at(), request->known_at(), index);
    if (!known_at.ok()) return known_at.status();
    const projection::ModelSettings& settings = projections_->settings();
    projection::RelationshipFold fold(settings);
    projection::ForEachVisible(
        index.Events(*dyad), {end, *known_at}, [&](const projection::FoldEvent& event) {
          fold.Apply(event);
          if (event.day < start) return;
          const projection::Bitemporal at{event.day, *known_at};
          steps->push_back({event.position, ToRelationship(*dyad, at, fold.At(event.day), settings)});
        });
    return absl::OkStatus();
  });
  if (!folded.ok()) return new RefusedStream<Response>(RpcStatus(folded));

  eventstore::EventStore* store = store_;
  return new BatchStreamReactor<Response>(
      [store, steps]() -> absl::StatusOr<std::vector<Response>> {
        std::vector<Response> batch;
        while (!steps->empty() && batch.size() < kStreamReadBatch) {
          absl::StatusOr<v1::LogRecord> record = ReadRecordAt(*store, steps->front().position);
          if (!record.ok()) return record.status();
          Response& response = batch.emplace_back();
          *response.mutable_record() = *std::move(record);
          *response.mutable_state_after() = std::move(steps->front().state_after);
          steps->pop_front();
        }
        return batch;
      });
}

grpc::ServerWriteReactor<v1::ExportLogResponse>* AuditService::ExportLog(
    grpc::CallbackServerContext* context, const v1::ExportLogRequest* request) {
  using Response = v1::ExportLogResponse;
  absl::StatusOr<uint64_t> head = store_->HeadPosition();
  if (!head.ok()) return new RefusedStream<Response>(RpcStatus(head.status()));
  auto next = std::make_shared<uint64_t>(std::max<uint64_t>(request->start_position(), 1));
  eventstore::EventStore* store = store_;
  const uint64_t last = *head;  // The head when the call starts.
  return new BatchStreamReactor<Response>(
      [store, next, last]() -> absl::StatusOr<std::vector<Response>> {
        std::vector<Response> batch;
        if (*next > last) return batch;
        absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
            store->ReadLog({*next, "", {}, kStreamReadBatch});
        if (!events.ok()) return events.status();
        for (const eventstore::RecordedEvent& event : *events) {
          if (event.position > last) break;
          absl::StatusOr<v1::LogRecord> record = ToLogRecord(event);
          if (!record.ok()) return record.status();
          *batch.emplace_back().mutable_record() = *std::move(record);
          *next = event.position + 1;
        }
        return batch;
      });
}

}  // namespace chancery::server
