#include "eventstore/postgresql/binary_array.h"

#include <endian.h>

namespace chancery::eventstore::postgresql {
namespace {

void AppendInt32(std::string& out, uint32_t value) {
  const uint32_t network = htobe32(value);
  out.append(reinterpret_cast<const char*>(&network), sizeof(network));
}

}  // namespace

void BinaryArray::Add(std::string_view bytes) {
  AppendInt32(elements_, static_cast<uint32_t>(bytes.size()));
  elements_.append(bytes);
  ++count_;
}

void BinaryArray::AddInt64(int64_t value) {
  const uint64_t network = htobe64(static_cast<uint64_t>(value));
  Add(std::string_view(reinterpret_cast<const char*>(&network), sizeof(network)));
}

Param BinaryArray::ToParam() const {
  // The header: dimensions (none for an empty array), a has-nulls flag, the
  // element type, then each dimension's length and lower bound.
  std::string array;
  AppendInt32(array, count_ == 0 ? 0 : 1);
  AppendInt32(array, 0);
  AppendInt32(array, static_cast<uint32_t>(element_type_));
  if (count_ > 0) {
    AppendInt32(array, static_cast<uint32_t>(count_));
    AppendInt32(array, 1);
  }
  array += elements_;
  return Param::Bytes(array);
}

}  // namespace chancery::eventstore::postgresql
