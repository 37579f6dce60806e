#include "services/bench/commit_time_scan.h"

#include <google/protobuf/io/coded_stream.h>
#include <grpcpp/support/proto_buffer_reader.h>

#include "common/protobuf_wire.h"

namespace chancery::bench {
namespace {

using google::protobuf::io::CodedInputStream;
using wire::SkipField;

// Field numbers from proto/chancery/v1/{event_log_service,log_record}.proto
// and google/protobuf/timestamp.proto.
constexpr int kResponseRecords = 4;    // SubscribeLogResponse.records
constexpr int kResponseCaughtUp = 2;   // SubscribeLogResponse.caught_up
constexpr int kBatchRecords = 1;       // LogRecordBatch.records
constexpr int kRecordRecordTime = 4;   // LogRecord.record_time
constexpr int kTimestampSeconds = 1;
constexpr int kTimestampNanos = 2;

bool IsMessage(uint32_t tag, int field) {
  return tag == wire::Tag(field, wire::WireType::kLengthDelimited);
}

// What a field visitor did with a field.
enum class Field { kRead, kSkip, kBad };

// Calls `visit(tag)` on each field of the length-delimited message that
// starts at the stream's position, skipping those it returns kSkip for; false
// if the bytes are not a whole message or `visit` found one bad.
template <typename Visit>
bool ForEachField(CodedInputStream& in, Visit visit) {
  uint32_t length;
  if (!in.ReadVarint32(&length)) return false;
  const auto limit = in.PushLimit(static_cast<int>(length));
  while (uint32_t tag = in.ReadTag()) {
    const Field field = visit(tag);
    if (field == Field::kBad) return false;
    if (field == Field::kSkip && !SkipField(in, tag)) return false;
  }
  const bool whole = in.ConsumedEntireMessage();
  in.PopLimit(limit);
  return whole;
}

bool ReadTimestampUs(CodedInputStream& in, int64_t& micros) {
  uint64_t seconds = 0;
  uint32_t nanos = 0;
  const bool ok = ForEachField(in, [&](uint32_t tag) {
    switch (wire::FieldNumber(tag)) {
      case kTimestampSeconds: return in.ReadVarint64(&seconds) ? Field::kRead : Field::kBad;
      case kTimestampNanos: return in.ReadVarint32(&nanos) ? Field::kRead : Field::kBad;
      default: return Field::kSkip;
    }
  });
  micros = static_cast<int64_t>(seconds) * 1000000 + nanos / 1000;
  return ok;
}

bool ReadRecordTime(CodedInputStream& in, std::vector<int64_t>& times) {
  return ForEachField(in, [&](uint32_t tag) {
    if (!IsMessage(tag, kRecordRecordTime)) return Field::kSkip;
    int64_t micros = 0;
    if (!ReadTimestampUs(in, micros)) return Field::kBad;
    times.push_back(micros);
    return Field::kRead;
  });
}

bool ReadBatch(CodedInputStream& in, std::vector<int64_t>& times) {
  return ForEachField(in, [&](uint32_t tag) {
    if (!IsMessage(tag, kBatchRecords)) return Field::kSkip;
    return ReadRecordTime(in, times) ? Field::kRead : Field::kBad;
  });
}

}  // namespace

void ScanCommitTimes(grpc::ByteBuffer& message, ScannedResponse& out) {
  out.ok = false;
  out.caught_up = false;
  out.commit_times_us.clear();
  grpc::ProtoBufferReader reader(&message);
  CodedInputStream in(&reader);
  while (uint32_t tag = in.ReadTag()) {
    if (IsMessage(tag, kResponseRecords)) {
      if (!ReadBatch(in, out.commit_times_us)) return;
      continue;
    }
    if (IsMessage(tag, kResponseCaughtUp)) out.caught_up = true;
    if (!SkipField(in, tag)) return;
  }
  out.ok = in.ConsumedEntireMessage();
}

}  // namespace chancery::bench
