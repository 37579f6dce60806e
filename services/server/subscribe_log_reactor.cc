#include "services/server/subscribe_log_reactor.h"

#include "common/protobuf_wire.h"

namespace chancery::server {
namespace {

using wire::AppendLengthDelimitedHeader;

// At most this many records in one message (each record is at most ~60 KB).
constexpr size_t kMaxRecordsPerMessage = 50;
// A new message's buffer starts this large: a busy subscriber's batch of
// typical (~350-byte) records, gathered without regrowing the buffer.
constexpr size_t kBatchReserve = 16 * 1024;

// A slice that owns `bytes`, without copying them.
grpc::Slice SliceOwning(std::string bytes) {
  auto* owned = new std::string(std::move(bytes));
  return grpc::Slice(
      owned->data(), owned->size(), [](void* string) { delete static_cast<std::string*>(string); },
      owned);
}

}  // namespace

bool SubscribeLogPolicy::Take(const SharedRecord& record, std::deque<Pending>& outbox) const {
  if (!filter_.Matches(record->record())) return false;
  // Records queued together go out as one message.
  if (outbox.empty() || outbox.back().kind != Pending::Kind::kRecords ||
      outbox.back().record_count >= kMaxRecordsPerMessage) {
    outbox.emplace_back().batch.reserve(kBatchReserve);
  }
  Pending& message = outbox.back();
  const grpc::Slice& wire = record->wire();
  AppendLengthDelimitedHeader(v1::LogRecordBatch::kRecordsFieldNumber, wire.size(), message.batch);
  message.batch.append(reinterpret_cast<const char*>(wire.begin()), wire.size());
  message.position = record->position();
  ++message.record_count;
  return true;
}

SubscribeLogPolicy::Pending SubscribeLogPolicy::CaughtUp(uint64_t position) {
  return {Pending::Kind::kCaughtUp, position, 0, {}};
}

SubscribeLogPolicy::Pending SubscribeLogPolicy::Checkpoint(uint64_t position) {
  return {Pending::Kind::kCheckpoint, position, 0, {}};
}

uint64_t SubscribeLogPolicy::Position(const Pending& message) { return message.position; }

grpc::ByteBuffer SubscribeLogPolicy::Encode(Pending message) const {
  v1::SubscribeLogResponse marker;
  switch (message.kind) {
    case Pending::Kind::kRecords: {
      // SubscribeLogResponse{records: LogRecordBatch{...}}: the field header,
      // then the gathered batch, handed over without a copy.
      std::string header;
      AppendLengthDelimitedHeader(v1::SubscribeLogResponse::kRecordsFieldNumber, message.batch.size(),
                        header);
      grpc::Slice slices[] = {grpc::Slice(header), SliceOwning(std::move(message.batch))};
      return grpc::ByteBuffer(slices, 2);
    }
    case Pending::Kind::kCaughtUp:
      marker.mutable_caught_up()->set_position(message.position);
      break;
    case Pending::Kind::kCheckpoint:
      marker.mutable_checkpoint()->set_position(message.position);
      break;
  }
  grpc::Slice bytes(marker.SerializeAsString());
  return grpc::ByteBuffer(&bytes, 1);
}

}  // namespace chancery::server
