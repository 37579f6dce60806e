#include "services/server/audit_service.h"

#include <climits>
#include <deque>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/domain/calendar_date.h"
#include "services/domain/streams.h"
#include "services/projection/relationship_queries.h"
#include "services/server/batch_stream_reactor.h"
#include "services/server/log_record_codec.h"
#include "services/server/log_stream_reactor.h"
#include "services/server/query_point.h"
#include "services/server/rpc_status.h"
#include "services/server/unary_on_executor.h"

namespace chancery::server {
namespace {

// Records read from the store per batch of a stream.
constexpr size_t kStreamReadBatch = 500;

// Events folded per hold of the projections' read lock while replaying: a
// replay of a huge dyad must not hold up the projections, other readers or
// a shutdown for long.
constexpr size_t kReplayFoldsPerLock = 5000;

// A replayed event before its record is read from the store.
struct ReplayStep {
  uint64_t position;
  v1::Relationship state_after;
};

// A replay in progress: the fold so far and where it stopped, so that each
// batch folds on from there (the stream sends a batch before the next is
// folded, so memory holds one batch, not the whole dyad's history).
struct Replay {
  std::string dyad;
  domain::Day start, end;
  uint64_t known_at = 0;  // Resolved when the first batch is folded.
  bool started = false;
  projection::RelationshipFold fold;
  // The fold order key of the next event to fold: events are never
  // inserted before it at positions up to known_at, so it survives inserts.
  projection::FoldEvent next;
  bool done = false;

  explicit Replay(const projection::ModelSettings& settings) : fold(settings) {}
};

// FoldSome folds on from `replay.next` under one hold of the read lock, at
// most kReplayFoldsPerLock events, adding a step per event in the range.
void FoldSome(const projection::ProjectionIndex& index, const projection::ModelSettings& settings,
              Replay& replay, std::deque<ReplayStep>& steps) {
  const projection::StreamEvents* events = index.Events(replay.dyad);
  if (events == nullptr) {
    replay.done = true;
    return;
  }
  size_t folded = 0;
  for (auto it = events->lower_bound(replay.next); it != events->end(); ++it) {
    const projection::FoldEvent& event = *it;
    if (event.day > replay.end) break;
    if (folded == kReplayFoldsPerLock) {
      replay.next = event;
      return;
    }
    ++folded;
    if (!event.KnownAt(replay.known_at)) continue;
    replay.fold.Apply(event);
    if (event.day < replay.start) continue;
    const projection::Bitemporal at{event.day, replay.known_at};
    steps.push_back({event.position, projection::ToRelationship(replay.dyad, at,
                                                                replay.fold.At(event.day),
                                                                settings)});
  }
  replay.done = true;
}

}  // namespace

grpc::ServerUnaryReactor* AuditService::VerifyLog(grpc::CallbackServerContext* context,
                                                  const v1::VerifyLogRequest* request,
                                                  v1::VerifyLogResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_, [this, response] {
    absl::StatusOr<eventstore::VerifyResult> result = store_->VerifyChain();
    if (!result.ok()) return RpcStatus(result.status());
    response->set_verified_count(result->event_count);
    if (result->ok()) {
      response->set_head_hash(result->head_hash);
    } else {
      metrics_->ChainVerifyFailed();
      response->set_first_bad_position(result->first_bad_position);
      response->set_problem(
          "the stored hash does not match the chain recomputed from the records, or the "
          "position is missing");
    }
    return grpc::Status::OK;
  });
}

grpc::ServerWriteReactor<v1::ReplayRelationshipResponse>* AuditService::ReplayRelationship(
    grpc::CallbackServerContext* context, const v1::ReplayRelationshipRequest* request) {
  using Response = v1::ReplayRelationshipResponse;
  domain::Violations bad_request;
  absl::StatusOr<domain::StreamName> dyad = domain::StreamName::ParseDyad(request->dyad());
  if (!dyad.ok()) bad_request.Add("dyad", std::string(dyad.status().message()));
  const DayRange range = CheckDayRange(request->has_start_date(), request->start_date(),
                                       request->has_end_date(), request->end_date(), bad_request);
  CheckKnownAt(request->has_known_at(), request->known_at(), bad_request);
  if (!bad_request.empty()) {
    return new RefusedStream<Response>(RpcStatus(bad_request));
  }
  StreamSlot slot;
  if (grpc::Status refused = limits_->OpenStream(*context, &slot); !refused.ok()) {
    return new RefusedStream<Response>(std::move(refused));
  }
  auto replay = std::make_shared<Replay>(projections_->settings());
  replay->dyad = dyad->str();
  replay->start = range.start;
  replay->end = range.end;
  replay->next.day = domain::Day::FromNumber(INT32_MIN);  // Before every event.

  // The first batch waits for the projections to catch up with the store and
  // resolves known_at. Each batch folds on under short holds of the read lock
  // until it has records to send, checking between holds that the call
  // still stands.
  eventstore::EventStore* store = store_;
  const Projections* projections = projections_;
  return new BatchStreamReactor<Response>(
      executor_, std::move(slot),
      [store, projections, replay, context, request]() -> absl::StatusOr<std::vector<Response>> {
        if (!replay->started) {
          RETURN_IF_ERROR(projections->CatchUpWith(*store));
          RETURN_IF_ERROR(projections->Read([&](const projection::ProjectionIndex& index) {
            absl::StatusOr<uint64_t> known_at =
                KnownAtPosition(request->has_known_at(), request->known_at(), index);
            if (!known_at.ok()) return known_at.status();
            replay->known_at = *known_at;
            return absl::OkStatus();
          }));
          replay->started = true;
        }
        std::deque<ReplayStep> steps;
        while (!replay->done && steps.size() < kStreamReadBatch) {
          if (context->IsCancelled()) return absl::CancelledError("the call was cancelled");
          projections->Read([&](const projection::ProjectionIndex& index) {
            FoldSome(index, projections->settings(), *replay, steps);
            return 0;
          });
        }
        std::vector<uint64_t> positions;
        for (const ReplayStep& step : steps) positions.push_back(step.position);
        absl::StatusOr<std::vector<v1::LogRecord>> records = ReadRecordsAt(*store, positions);
        if (!records.ok()) return records.status();
        std::vector<Response> batch(steps.size());
        for (size_t i = 0; i < steps.size(); ++i) {
          *batch[i].mutable_record() = std::move((*records)[i]);
          *batch[i].mutable_state_after() = std::move(steps[i].state_after);
        }
        return batch;
      });
}

grpc::ServerWriteReactor<v1::ExportLogResponse>* AuditService::ExportLog(
    grpc::CallbackServerContext* context, const v1::ExportLogRequest* request) {
  using Response = v1::ExportLogResponse;
  StreamSlot slot;
  if (grpc::Status refused = limits_->OpenStream(*context, &slot); !refused.ok()) {
    return new RefusedStream<Response>(std::move(refused));
  }
  absl::StatusOr<uint64_t> head = store_->HeadPosition();
  if (!head.ok()) return new RefusedStream<Response>(RpcStatus(head.status()));
  auto next = std::make_shared<uint64_t>(std::max<uint64_t>(request->start_position(), 1));
  eventstore::EventStore* store = store_;
  const uint64_t last = *head;  // The head when the call starts.
  return new BatchStreamReactor<Response>(
      executor_, std::move(slot), [store, next, last]() -> absl::StatusOr<std::vector<Response>> {
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
