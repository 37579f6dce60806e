#include "services/server/event_log_service.h"

#include <grpcpp/support/proto_buffer_reader.h>

#include "absl/strings/str_cat.h"
#include "services/domain/streams.h"
#include "services/server/log_filter_validation.h"
#include "services/server/malformed_requests.h"
#include "services/server/log_record_codec.h"
#include "services/server/page_token.h"
#include "services/server/record_filter.h"
#include "services/server/request_checks.h"
#include "services/server/rpc_status.h"
#include "services/server/subscribe_log_reactor.h"
#include "services/server/unary_on_executor.h"

namespace chancery::server {
namespace {

// ReadLog stops scanning after this many records, full page or not, so a
// selective filter cannot make one call read the whole log.
constexpr size_t kMaxScannedPerPage = 20000;
constexpr size_t kScanBatch = 1000;
// A page stops growing past this many bytes, well under the 4 MiB a gRPC
// client accepts by default, however large the events are.
constexpr size_t kMaxPageBytes = 3 << 20;

}  // namespace

grpc::ServerUnaryReactor* EventLogService::ReadLog(grpc::CallbackServerContext* context,
                                                   const v1::ReadLogRequest* request,
                                                   v1::ReadLogResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_,
                          [this, request, response] { return DoReadLog(*request, *response); });
}

grpc::Status EventLogService::DoReadLog(const v1::ReadLogRequest& request,
                                        v1::ReadLogResponse& response) {
  domain::Violations bad_request;
  const int32_t page_size = CheckPageSize(request.page_size(), bad_request);
  v1::LogFilter filter = ValidateLogFilter(request.filter(), "filter", bad_request);
  const std::vector<int64_t> cursor = PageCursor(request, {{1}}, store_->Secret(), bad_request);
  if (!bad_request.empty()) return RpcStatus(bad_request);

  uint64_t next = cursor.empty() ? std::max<uint64_t>(request.start_position(), 1)
                                 : static_cast<uint64_t>(cursor[0]);

  const RecordFilter matcher = FilterKnowingRetractions(filter, projections_);
  absl::StatusOr<uint64_t> head = store_->HeadPosition();
  if (!head.ok()) return RpcStatus(head.status());
  response.set_head_position(*head);
  size_t scanned = 0;
  size_t bytes = 0;
  auto page_full = [&] { return response.records_size() == page_size || bytes >= kMaxPageBytes; };
  while (next <= *head && !page_full() && scanned < kMaxScannedPerPage) {
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
        store_->ReadLog({next, "", {}, kScanBatch});
    if (!events.ok()) return RpcStatus(events.status());
    if (events->empty()) break;
    for (const eventstore::RecordedEvent& event : *events) {
      if (event.position > *head || page_full()) break;
      absl::StatusOr<v1::LogRecord> record = ToLogRecord(event);
      if (!record.ok()) return RpcStatus(record.status());
      next = event.position + 1;
      ++scanned;
      if (!matcher.Matches(*record)) continue;
      bytes += record->ByteSizeLong();
      *response.add_records() = *std::move(record);
    }
  }
  if (next <= *head) {
    response.set_next_page_token(
        EncodePageToken({static_cast<int64_t>(next)}, FingerprintWithoutPaging(request),
                        store_->Secret()));
  }
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* EventLogService::ReadStream(grpc::CallbackServerContext* context,
                                                      const v1::ReadStreamRequest* request,
                                                      v1::ReadStreamResponse* response) {
  return AnswerOnExecutor(context, *limits_, *executor_,
                          [this, request, response] { return DoReadStream(*request, *response); });
}

grpc::Status EventLogService::DoReadStream(const v1::ReadStreamRequest& request,
                                           v1::ReadStreamResponse& response) {
  domain::Violations bad_request;
  const int32_t page_size = CheckPageSize(request.page_size(), bad_request);
  absl::StatusOr<domain::StreamName> stream = domain::StreamName::Parse(request.stream());
  if (!stream.ok()) bad_request.Add("stream", std::string(stream.status().message()));
  if (request.has_start_revision() && request.start_revision() < 0) {
    bad_request.Add("start_revision",
                 absl::StrCat(request.start_revision(), " is negative; revisions start at 0"));
  }
  if (!v1::ReadDirection_IsValid(request.direction())) {
    bad_request.Add("direction",
                 absl::StrCat(static_cast<int>(request.direction()),
                              " is not a ReadDirection; use READ_DIRECTION_FORWARD (1), "
                              "READ_DIRECTION_BACKWARD (2), or leave it unset for forward"));
  }
  const bool backwards = request.direction() == v1::READ_DIRECTION_BACKWARD;
  int64_t from = request.has_start_revision()
                     ? request.start_revision()
                     : (backwards ? eventstore::StreamReadOptions::kLatestRevision : 0);
  // A revision, as start_revision accepts.
  const std::vector<int64_t> cursor = PageCursor(request, {{0}}, store_->Secret(), bad_request);
  if (!bad_request.empty()) return RpcStatus(bad_request);
  if (!cursor.empty()) from = cursor[0];

  absl::StatusOr<std::vector<eventstore::RecordedEvent>> last = store_->ReadStream(
      {stream->str(), eventstore::Direction::kBackwards, eventstore::StreamReadOptions::kLatestRevision, 1});
  if (!last.ok()) return RpcStatus(last.status());
  const int64_t last_revision = last->empty() ? eventstore::kNoStreamRevision : last->front().revision;
  response.set_last_revision(last_revision);

  absl::StatusOr<std::vector<eventstore::RecordedEvent>> events = store_->ReadStream(
      {stream->str(), backwards ? eventstore::Direction::kBackwards : eventstore::Direction::kForwards,
       from, static_cast<size_t>(page_size)});
  if (!events.ok()) return RpcStatus(events.status());
  size_t bytes = 0;
  for (const eventstore::RecordedEvent& event : *events) {
    if (bytes >= kMaxPageBytes) break;
    absl::StatusOr<v1::LogRecord> record = ToLogRecord(event);
    if (!record.ok()) return RpcStatus(record.status());
    bytes += record->ByteSizeLong();
    *response.add_records() = *std::move(record);
  }
  if (response.records_size() > 0) {
    const int64_t reached = response.records(response.records_size() - 1).revision();
    const bool more = backwards ? reached > 0 : reached < last_revision;
    if (more) {
      response.set_next_page_token(EncodePageToken({backwards ? reached - 1 : reached + 1},
                                                   FingerprintWithoutPaging(request),
                                                   store_->Secret()));
    }
  }
  return grpc::Status::OK;
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* EventLogService::SubscribeLog(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* raw_request) {
  v1::SubscribeLogRequest parsed;
  const v1::SubscribeLogRequest* request = &parsed;
  grpc::ByteBuffer bytes(*raw_request);  // Shares the slices: the reader wants a mutable buffer.
  grpc::ProtoBufferReader reader(&bytes);
  const bool readable = parsed.ParseFromZeroCopyStream(&reader);
  domain::Violations bad_request;
  v1::LogFilter filter = ValidateLogFilter(request->filter(), "filter", bad_request);
  grpc::Status refusal;
  if (!readable) {
    refusal = MalformedRequest(v1::SubscribeLogRequest::descriptor()->full_name());
  } else if (!bad_request.empty()) {
    refusal = RpcStatus(bad_request);
  } else {
    refusal = CheckStreamStart(request->after_position(), *store_);
  }
  StreamSlot slot;
  if (refusal.ok()) refusal = limits_->OpenStream(*context, &slot);
  if (!refusal.ok()) {
    return new RefusedStream<grpc::ByteBuffer>(std::move(refusal));
  }
  auto* reactor = new SubscribeLogReactor(
      store_, fanout_, executor_, request->after_position(),
      SubscribeLogPolicy(FilterKnowingRetractions(filter, projections_)), std::move(slot),
      metrics_->Streams(StreamKind::kLog));
  reactor->Start();
  return reactor;
}

}  // namespace chancery::server
