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

void AppendCanonicalBytes(const RecordedEvent& event, std::string& out) {
  AppendUint64(event.position, out);
  AppendBytes(event.stream, out);
  AppendUint64(static_cast<uint64_t>(event.revision), out);
  AppendBytes(event.data.event_id, out);
  AppendBytes(event.data.event_type, out);
  AppendUint64(static_cast<uint64_t>(event.data.valid_time_us), out);
  AppendUint64(static_cast<uint64_t>(event.recorded_time_us), out);
  AppendBytes(event.data.payload, out);
}

std::string ChainHash(absl::string_view previous_hash, const RecordedEvent& event) {
  std::string input(previous_hash.data(), previous_hash.size());
  input.reserve(previous_hash.size() + 96 + event.stream.size() + event.data.event_id.size() +
                event.data.event_type.size() + event.data.payload.size());
  AppendCanonicalBytes(event, input);
  std::string digest(kHashSize, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace chancery::eventstore
