// BinaryArray: a one-dimensional PostgreSQL array in the binary format the
// server reads (array_recv), built element by element and sent as one
// binary parameter: no quoting, escaping or hex for the server to undo.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_BINARY_ARRAY_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_BINARY_ARRAY_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

class BinaryArray {
 public:
  // The element types used here, by their type OIDs (pg_type).
  enum class Of : uint32_t { kBytea = 17, kInt8 = 20, kText = 25 };

  explicit BinaryArray(Of element_type) : element_type_(element_type) {}

  // Add appends an element of bytes (bytea) or UTF-8 (text).
  void Add(std::string_view bytes);
  // AddInt64 appends an int8 element.
  void AddInt64(int64_t value);

  // The array, as a binary parameter.
  Param ToParam() const;

 private:
  Of element_type_;
  int32_t count_ = 0;
  std::string elements_;  // Each: its length (int32), then its bytes.
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_BINARY_ARRAY_H_
