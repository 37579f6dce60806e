#include "eventstore/chain_verifier.h"

#include <utility>

#include "eventstore/hash_chain.h"

namespace chancery::eventstore {

ChainVerifier::ChainVerifier() { result_.head_hash = GenesisHash(); }

bool ChainVerifier::Check(RecordedEvent event) {
  const uint64_t expected_position = result_.event_count + 1;
  if (event.position != expected_position || ChainHash(result_.head_hash, event) != event.hash) {
    result_.first_bad_position = expected_position;
    result_.head_hash.clear();
    return false;
  }
  result_.head_hash = std::move(event.hash);
  ++result_.event_count;
  return true;
}

}  // namespace chancery::eventstore
