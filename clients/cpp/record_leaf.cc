#include "clients/cpp/record_leaf.h"

namespace chancery::cli {
namespace {

// Reads the big-endian integers and length-prefixed strings of a leaf.
class LeafReader {
 public:
  explicit LeafReader(absl::string_view bytes) : rest_(bytes) {}

  bool Uint64(uint64_t& value) {
    if (rest_.size() < 8) return false;
    value = 0;
    for (int i = 0; i < 8; ++i) value = value << 8 | static_cast<unsigned char>(rest_[i]);
    rest_.remove_prefix(8);
    return true;
  }
  bool Int64(int64_t& value) {
    uint64_t bits;
    if (!Uint64(bits)) return false;
    value = static_cast<int64_t>(bits);
    return true;
  }
  bool Bytes(std::string& value) {
    uint64_t size;
    if (!Uint64(size) || size > rest_.size()) return false;
    value = std::string(rest_.substr(0, size));
    rest_.remove_prefix(size);
    return true;
  }
  bool done() const { return rest_.empty(); }

 private:
  absl::string_view rest_;
};

// ReadTrailingFields reads what follows the payload: nothing; a recorder,
// never empty then; or a recorder and the correlation and causation ids, one
// of which is set.
bool ReadTrailingFields(LeafReader& reader, LeafRecord& record) {
  if (reader.done()) return true;
  if (!reader.Bytes(record.recorded_by)) return false;
  if (reader.done()) return !record.recorded_by.empty();
  return reader.Bytes(record.correlation_id) && reader.Bytes(record.causation_id) &&
         reader.done() && !(record.correlation_id.empty() && record.causation_id.empty());
}

}  // namespace

absl::StatusOr<LeafRecord> DecodeLeaf(absl::string_view leaf) {
  LeafReader reader(leaf);
  LeafRecord record;
  if (!reader.Uint64(record.position) || !reader.Bytes(record.stream) ||
      !reader.Int64(record.revision) || !reader.Bytes(record.event_id) ||
      !reader.Bytes(record.event_type) || !reader.Int64(record.valid_time_us) ||
      !reader.Int64(record.recorded_time_us) || !reader.Bytes(record.payload) ||
      !ReadTrailingFields(reader, record)) {
    return absl::InvalidArgumentError(
        "the proof's leaf is not a record's canonical bytes (docs/storage.md)");
  }
  return record;
}

}  // namespace chancery::cli
