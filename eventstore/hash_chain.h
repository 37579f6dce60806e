// The hash chain that makes the log tamper-evident.
//
// Each event's hash is SHA-256(previous event's hash || CanonicalBytes(event)),
// with 32 zero bytes before the first event. Changing any stored byte of any
// event changes its hash, and so every hash after it. docs/storage.md
// describes the canonical encoding, which no backend may change.

#ifndef CHANCERY_EVENTSTORE_HASH_CHAIN_H_
#define CHANCERY_EVENTSTORE_HASH_CHAIN_H_

#include <string>
#include "absl/strings/string_view.h"

#include "eventstore/event.h"

namespace chancery::eventstore {

inline constexpr size_t kHashSize = 32;

// The hash "before" the first event: 32 zero bytes.
const std::string& GenesisHash();

// ChainHash is SHA-256(previous_hash || canonical bytes of `event`).
std::string ChainHash(absl::string_view previous_hash, const RecordedEvent& event);

// ChainHash of the event that `data` becomes at `position` / `revision` of
// `stream`, recorded at `recorded_time_us`, without building it.
std::string ChainHash(absl::string_view previous_hash, uint64_t position, absl::string_view stream,
                      int64_t revision, const EventData& data, int64_t recorded_time_us);

// RecordLeaf is `event`'s leaf in the log's Merkle tree (log_tree.h): its
// canonical bytes, what the chain hashes after the previous hash. A record's
// content is defined here alone, so the chain and the tree cover the same.
std::string RecordLeaf(const RecordedEventView& event);

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_HASH_CHAIN_H_
