#include "common/protobuf_wire.h"

#include <limits>

namespace chancery::wire {

using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;

namespace {

bool SkipBytes(CodedInputStream& input, uint64_t length) {
  return length <= static_cast<uint64_t>(std::numeric_limits<int>::max()) &&
         input.Skip(static_cast<int>(length));
}

bool SkipGroup(CodedInputStream& input, int field_number) {
  // The stream's recursion limit bounds nesting, as it does for messages.
  if (!input.IncrementRecursionDepth()) return false;
  while (const uint32_t tag = input.ReadTag()) {
    if (tag == Tag(field_number, WireType::kEndGroup)) {
      input.DecrementRecursionDepth();
      return true;
    }
    if (!SkipField(input, tag)) return false;
  }
  return false;  // The bytes ended inside the group.
}

}  // namespace

bool SkipField(CodedInputStream& input, uint32_t tag) {
  switch (TypeOf(tag)) {
    case WireType::kVarint: {
      uint64_t value;
      return input.ReadVarint64(&value);
    }
    case WireType::kFixed64:
      return input.Skip(8);
    case WireType::kFixed32:
      return input.Skip(4);
    case WireType::kLengthDelimited: {
      uint32_t length;
      return input.ReadVarint32(&length) && SkipBytes(input, length);
    }
    case WireType::kStartGroup:
      return SkipGroup(input, FieldNumber(tag));
    case WireType::kEndGroup:  // Only SkipGroup may meet one.
    default:
      return false;
  }
}

void AppendLengthDelimitedHeader(int field_number, size_t length, std::string& out) {
  uint8_t bytes[10];  // Two varint32s of at most 5 bytes each.
  uint8_t* end =
      CodedOutputStream::WriteVarint32ToArray(Tag(field_number, WireType::kLengthDelimited), bytes);
  end = CodedOutputStream::WriteVarint32ToArray(static_cast<uint32_t>(length), end);
  out.append(reinterpret_cast<const char*>(bytes), static_cast<size_t>(end - bytes));
}

}  // namespace chancery::wire
