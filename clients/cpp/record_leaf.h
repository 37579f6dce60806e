// A record's leaf, read back: the canonical bytes of docs/storage.md that
// the server hashes into the chain and the Merkle tree (eventstore's
// RecordLeaf writes them), so that a proved leaf says which record it is.

#ifndef CHANCERY_CLIENTS_CPP_RECORD_LEAF_H_
#define CHANCERY_CLIENTS_CPP_RECORD_LEAF_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::cli {

struct LeafRecord {
  uint64_t position = 0;
  std::string stream;
  int64_t revision = 0;
  std::string event_id;
  std::string event_type;
  int64_t valid_time_us = 0;
  int64_t recorded_time_us = 0;
  std::string payload;  // The deterministic protobuf bytes of `event_type`.
  std::string recorded_by;  // Who recorded it; "" when the leaf has no principal.
  std::string correlation_id;  // "" when the leaf has none.
  std::string causation_id;    // "" when the leaf has none.
};

// DecodeLeaf reads `leaf`; INVALID_ARGUMENT if it is not canonical bytes.
absl::StatusOr<LeafRecord> DecodeLeaf(absl::string_view leaf);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_RECORD_LEAF_H_
