#include "eventstore/hash_chain.h"

#include <openssl/sha.h>

#include <cstdint>
#include <string_view>

namespace chancery::eventstore {
namespace {

void AppendUint64(uint64_t value, std::string& out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// Length-prefixed, so that no two different field sequences encode alike.
void AppendBytes(std::string_view bytes, std::string& out) {
  AppendUint64(bytes.size(), out);
  out.append(bytes.data(), bytes.size());
}

// The canonical bytes of docs/storage.md; the stored hash is not part of them.
void AppendCanonicalBytes(const RecordedEventView& event, std::string& out) {
  AppendUint64(event.position, out);
  AppendBytes(event.stream, out);
  AppendUint64(static_cast<uint64_t>(event.revision), out);
  AppendBytes(event.event_id, out);
  AppendBytes(event.event_type, out);
  AppendUint64(static_cast<uint64_t>(event.valid_time_us), out);
  AppendUint64(static_cast<uint64_t>(event.recorded_time_us), out);
  AppendBytes(event.payload, out);
  // The trailing fields only when set, so that a record without them hashes as
  // records stored before they existed did. A record with a correlation or
  // causation id has all three, so the field count, and so the parse, stays
  // unambiguous.
  if (!event.correlation_id.empty() || !event.causation_id.empty()) {
    AppendBytes(event.recorded_by, out);
    AppendBytes(event.correlation_id, out);
    AppendBytes(event.causation_id, out);
  } else if (!event.recorded_by.empty()) {
    AppendBytes(event.recorded_by, out);
  }
}

}  // namespace

const std::string& GenesisHash() {
  static const std::string* const kGenesis = new std::string(kHashSize, '\0');
  return *kGenesis;
}

std::string ChainHash(absl::string_view previous_hash, const RecordedEvent& event) {
  return ChainHash(previous_hash, event.position, event.stream, event.revision, event.data,
                   event.recorded_time_us);
}

std::string ChainHash(absl::string_view previous_hash, uint64_t position, absl::string_view stream,
                      int64_t revision, const EventData& data, int64_t recorded_time_us) {
  // Reused by the thread's every call: hashing is on the writer's hot path.
  thread_local std::string input;
  input.assign(previous_hash.data(), previous_hash.size());
  const RecordedEventView event{position,         std::string_view(stream.data(), stream.size()),
                                revision,         data.event_id,
                                data.event_type,  data.valid_time_us,
                                recorded_time_us, data.payload,      {},
                                data.recorded_by, data.correlation_id, data.causation_id};
  AppendCanonicalBytes(event, input);
  std::string digest(kHashSize, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

std::string RecordLeaf(const RecordedEventView& event) {
  std::string leaf;
  AppendCanonicalBytes(event, leaf);
  return leaf;
}

}  // namespace chancery::eventstore
