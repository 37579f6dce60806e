#include "eventstore/hash_chain.h"

#include <openssl/sha.h>

#include <cstdint>

namespace chancery::eventstore {
namespace {

void AppendUint64(uint64_t value, std::string& out) {
  for (int shift = 56; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// Length-prefixed, so that no two different field sequences encode alike.
void AppendBytes(absl::string_view bytes, std::string& out) {
  AppendUint64(bytes.size(), out);
  out.append(bytes.data(), bytes.size());
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
  AppendUint64(position, input);
  AppendBytes(stream, input);
  AppendUint64(static_cast<uint64_t>(revision), input);
  AppendBytes(data.event_id, input);
  AppendBytes(data.event_type, input);
  AppendUint64(static_cast<uint64_t>(data.valid_time_us), input);
  AppendUint64(static_cast<uint64_t>(recorded_time_us), input);
  AppendBytes(data.payload, input);
  // Only when set, so that records of a server without principals (and every
  // record stored before principals were) hash as they always did.
  if (!data.recorded_by.empty()) AppendBytes(data.recorded_by, input);
  std::string digest(kHashSize, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace chancery::eventstore
