#include "services/projection/fold_event_decoder.h"

#include <cstring>

#include "absl/base/casts.h"
#include "chancery/v1/event.pb.h"
#include "common/protobuf_wire.h"
#include "google/protobuf/io/coded_stream.h"

namespace chancery::projection {
namespace {

using google::protobuf::io::CodedInputStream;
using wire::FieldNumber;
using wire::SkipField;
using wire::Tag;
using wire::WireType;

// ReadView reads a length-delimited field without copying it.
bool ReadView(CodedInputStream& input, absl::string_view& view) {
  uint32_t length = 0;
  const void* data = nullptr;
  int available = 0;
  if (!input.ReadVarint32(&length)) return false;
  input.GetDirectBufferPointerInline(&data, &available);
  if (static_cast<uint32_t>(available) < length) return false;
  view = absl::string_view(static_cast<const char*>(data), length);
  return input.Skip(static_cast<int>(length));
}

// ReadFirstString reads field 1 (a string) of an embedded message: an
// Actor's code.
bool ReadFirstString(absl::string_view message, absl::string_view& value) {
  CodedInputStream input(reinterpret_cast<const uint8_t*>(message.data()),
                         static_cast<int>(message.size()));
  while (uint32_t tag = input.ReadTag()) {
    if (tag == Tag(1, WireType::kLengthDelimited)) {
      return ReadView(input, value);
    }
    if (!SkipField(input, tag)) return false;
  }
  return true;
}

}  // namespace

bool DecodeFoldEvent(absl::string_view payload, uint64_t position, int64_t valid_time_us,
                     absl::string_view stream_a, FoldEvent& event) {
  using Event = v1::DiplomaticEvent;
  event = FoldEvent();
  event.position = position;
  event.day = domain::Day::FromValidTime(valid_time_us);
  CodedInputStream input(reinterpret_cast<const uint8_t*>(payload.data()),
                         static_cast<int>(payload.size()));
  absl::string_view view;
  constexpr auto kBytes = WireType::kLengthDelimited;
  while (uint32_t tag = input.ReadTag()) {
    // Whole tags, so a field of an unexpected wire type is skipped, not misread.
    switch (tag) {
      case Tag(Event::kEventIdFieldNumber, kBytes):
        if (!ReadView(input, view)) return false;
        ParseEventId(view, event.id);
        break;
      case Tag(Event::kSourceFieldNumber, kBytes): {
        absl::string_view code;
        if (!ReadView(input, view) || !ReadFirstString(view, code)) return false;
        event.source_is_a = code == stream_a;
        break;
      }
      case Tag(Event::kCameoCodeFieldNumber, kBytes):
        if (!ReadView(input, view)) return false;
        std::memcpy(event.cameo.data(), view.data(), std::min(view.size(), event.cameo.size()));
        break;
      case Tag(Event::kGoldsteinFieldNumber,
                                                WireType::kFixed64): {
        uint64_t bits = 0;
        if (!input.ReadLittleEndian64(&bits)) return false;
        event.goldstein = absl::bit_cast<double>(bits);
        break;
      }
      case Tag(Event::kQuadClassFieldNumber,
                                                WireType::kVarint): {
        uint32_t quad = 0;
        if (!input.ReadVarint32(&quad)) return false;
        event.quad_class = static_cast<uint8_t>(quad);
        break;
      }
      default:
        if (!SkipField(input, tag)) return false;
    }
  }
  return input.ConsumedEntireMessage();
}

}  // namespace chancery::projection
