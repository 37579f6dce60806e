// Protobuf's wire format, read and written through its public API only.
//
// A few hot paths handle serialized messages without parsing them whole: the
// fold reads five fields of a stored event, SubscribeLog splices stored
// records into a response. protobuf's own helpers for that
// (google::protobuf::internal::WireFormatLite) are internal and may change in
// any release; the format itself is fixed by the protobuf spec, and this is it.

#ifndef CHANCERY_COMMON_PROTOBUF_WIRE_H_
#define CHANCERY_COMMON_PROTOBUF_WIRE_H_

#include <cstdint>
#include <string>

#include "google/protobuf/io/coded_stream.h"

namespace chancery::wire {

enum class WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

constexpr uint32_t Tag(int field_number, WireType type) {
  return (static_cast<uint32_t>(field_number) << 3) | static_cast<uint32_t>(type);
}
constexpr int FieldNumber(uint32_t tag) { return static_cast<int>(tag >> 3); }
constexpr WireType TypeOf(uint32_t tag) { return static_cast<WireType>(tag & 7); }

// Skips the value of the field whose `tag` was just read (a whole group,
// nested groups included); false if the bytes end early or are not protobuf.
bool SkipField(google::protobuf::io::CodedInputStream& input, uint32_t tag);

// Appends the tag and length that start a length-delimited field of
// `length` bytes; its value is appended after it.
void AppendLengthDelimitedHeader(int field_number, size_t length, std::string& out);

}  // namespace chancery::wire

#endif  // CHANCERY_COMMON_PROTOBUF_WIRE_H_
