// LogTree: the RFC 6962 Merkle tree over the log's records in position
// order (leaf i is RecordLeaf of position i + 1), kept so that a root and a
// proof cost O(log N) hashes and a few hundred leaves, not the whole log.
//
// It caches the hash of every aligned, complete subtree of 256 leaves or
// more (about N / 4 bytes: 250 KB for a million records) and the leaf
// hashes after the last whole block of 256. Smaller subtrees inside a
// whole block are hashed from its records, read back from the store (one
// read of at most 256 records per block a call touches). CatchUp extends it
// to the store's head; the first call reads the whole log once.
//
// Thread-safe: calls are serialized.

#ifndef CHANCERY_EVENTSTORE_LOG_TREE_H_
#define CHANCERY_EVENTSTORE_LOG_TREE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore {

class LogTree {
 public:
  // `store` must outlive the tree.
  explicit LogTree(EventStore* store) : store_(store) {}

  // CatchUp adds the records up to the store's head and returns the tree's
  // size then.
  absl::StatusOr<uint64_t> CatchUp() ABSL_LOCKS_EXCLUDED(mutex_);

  // Root is the Merkle root of records 1 to `size` (SHA-256 of nothing when
  // `size` is 0). The tree must hold them (CatchUp).
  absl::StatusOr<std::string> Root(uint64_t size) ABSL_LOCKS_EXCLUDED(mutex_);

  // InclusionProof is the audit path of `position` in the tree of records 1
  // to `size` (1 <= position <= size <= the tree's size).
  absl::StatusOr<std::vector<std::string>> InclusionProof(uint64_t position, uint64_t size)
      ABSL_LOCKS_EXCLUDED(mutex_);

  // ConsistencyProof proves the tree of `first` records a prefix of that of
  // `second` (1 <= first <= second <= the tree's size).
  absl::StatusOr<std::vector<std::string>> ConsistencyProof(uint64_t first, uint64_t second)
      ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  absl::Status CatchUpLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void AddLeafHash(std::string hash) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  absl::Status CheckSize(uint64_t size) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // MTH of leaves [begin, end), from the cache where it can.
  absl::StatusOr<std::string> SubtreeHash(uint64_t begin, uint64_t end)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // The leaf hashes of the block of 256 that leaf `begin` is in.
  absl::StatusOr<const std::vector<std::string>*> BlockLeaves(uint64_t block)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  EventStore* const store_;
  absl::Mutex mutex_;
  uint64_t size_ ABSL_GUARDED_BY(mutex_) = 0;
  // levels_[l][i]: the hash of leaves [i * 2^(8 + l), (i + 1) * 2^(8 + l)).
  std::vector<std::vector<std::string>> levels_ ABSL_GUARDED_BY(mutex_);
  // The leaf hashes after the last whole block.
  std::vector<std::string> tail_ ABSL_GUARDED_BY(mutex_);
  // Whole blocks' leaf hashes read back for the call in progress.
  absl::flat_hash_map<uint64_t, std::vector<std::string>> blocks_read_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_LOG_TREE_H_
