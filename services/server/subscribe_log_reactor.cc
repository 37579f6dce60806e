#include "services/server/subscribe_log_reactor.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace chancery::server {
namespace {

using google::protobuf::io::CodedOutputStream;
using google::protobuf::internal::WireFormatLite;

// At most this many records in one message (each record is at most ~60 KB).
constexpr size_t kMaxRecordsPerMessage = 50;

// Field tag and length of a length-delimited field, as wire bytes.
grpc::Slice FieldHeader(int field_number, size_t length) {
  uint8_t bytes[16];
  uint8_t* end = CodedOutputStream::WriteVarint32ToArray(
      WireFormatLite::MakeTag(field_number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED), bytes);
  end = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(length), end);
  return grpc::Slice(bytes, static_cast<size_t>(end - bytes));
}

size_t FieldSize(int field_number, size_t length) {
  return WireFormatLite::TagSize(field_number, WireFormatLite::TYPE_MESSAGE) +
         CodedOutputStream::VarintSize32(static_cast<uint32_t>(length)) + length;
}

}  // namespace

bool SubscribeLogPolicy::Take(const SharedRecord& record, std::deque<Pending>& outbox) const {
  if (!filter_.Matches(record->record)) return false;
  // Records queued together go out as one message.
  if (outbox.empty() || outbox.back().records.empty() ||
      outbox.back().records.size() >= kMaxRecordsPerMessage) {
    outbox.emplace_back();
  }
  outbox.back().records.push_back(record);
  return true;
}

SubscribeLogPolicy::Pending SubscribeLogPolicy::CaughtUp(uint64_t position) {
  Pending message;
  message.marker.mutable_caught_up()->set_position(position);
  return message;
}

SubscribeLogPolicy::Pending SubscribeLogPolicy::Checkpoint(uint64_t position) {
  Pending message;
  message.marker.mutable_checkpoint()->set_position(position);
  return message;
}

uint64_t SubscribeLogPolicy::Position(const Pending& message) {
  if (!message.records.empty()) return message.records.back()->record.position();
  if (message.marker.has_caught_up()) return message.marker.caught_up().position();
  return message.marker.checkpoint().position();
}

grpc::ByteBuffer SubscribeLogPolicy::Encode(Pending message) const {
  if (message.records.empty()) {
    grpc::Slice marker(message.marker.SerializeAsString());
    return grpc::ByteBuffer(&marker, 1);
  }
  // SubscribeLogResponse{records: LogRecordBatch{records: [...]}}, each
  // record's bytes shared, not copied.
  constexpr int kBatchField = v1::SubscribeLogResponse::kRecordsFieldNumber;
  constexpr int kRecordField = v1::LogRecordBatch::kRecordsFieldNumber;
  size_t batch_size = 0;
  for (const SharedRecord& record : message.records) {
    batch_size += FieldSize(kRecordField, record->wire().size());
  }
  std::vector<grpc::Slice> slices;
  slices.reserve(1 + 2 * message.records.size());
  slices.push_back(FieldHeader(kBatchField, batch_size));
  for (const SharedRecord& record : message.records) {
    slices.push_back(FieldHeader(kRecordField, record->wire().size()));
    slices.push_back(record->wire());
  }
  return grpc::ByteBuffer(slices.data(), slices.size());
}

}  // namespace chancery::server
