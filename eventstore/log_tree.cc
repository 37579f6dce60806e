#include "eventstore/log_tree.h"

#include <algorithm>

#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"
#include "common/merkle.h"
#include "eventstore/hash_chain.h"

namespace chancery::eventstore {
namespace {

// Subtrees of 2^8 leaves and up are cached; smaller ones are hashed from a
// block's leaves.
constexpr int kBlockBits = 8;
constexpr uint64_t kBlockSize = uint64_t{1} << kBlockBits;

// Records hashed per read while catching up.
constexpr size_t kCatchUpBatch = 10000;

// The Merkle tree hash of `leaves[begin, end)`, all in memory.
std::string HashOf(const std::vector<std::string>& leaves, uint64_t begin, uint64_t end) {
  if (end - begin == 1) return leaves[begin];
  const uint64_t middle = begin + merkle::SplitPoint(end - begin);
  return merkle::NodeHash(HashOf(leaves, begin, middle), HashOf(leaves, middle, end));
}

// ReadLeafHashes hashes the leaves of positions `first` to `first + count - 1`;
// DATA_LOSS if the log lacks one of them.
absl::StatusOr<std::vector<std::string>> ReadLeafHashes(EventStore& store, uint64_t first,
                                                        size_t count) {
  std::vector<std::string> hashes;
  hashes.reserve(count);
  absl::StatusOr<size_t> visited = store.ScanLog(first, count, [&](const RecordedEventView& event) {
    if (event.position != first + hashes.size()) return false;
    hashes.push_back(merkle::LeafHash(RecordLeaf(event)));
    return true;
  });
  if (!visited.ok()) return visited.status();
  if (hashes.size() != count) {
    return absl::DataLossError(
        absl::StrCat("the log has no record at position ", first + hashes.size()));
  }
  return hashes;
}

}  // namespace

absl::StatusOr<uint64_t> LogTree::CatchUp() {
  absl::MutexLock lock(&mutex_);
  if (absl::Status caught_up = CatchUpLocked(); !caught_up.ok()) return caught_up;
  return size_;
}

absl::Status LogTree::CatchUpLocked() {
  absl::StatusOr<uint64_t> head = store_->HeadPosition();
  if (!head.ok()) return head.status();
  while (size_ < *head) {
    absl::StatusOr<std::vector<std::string>> hashes = ReadLeafHashes(
        *store_, size_ + 1, static_cast<size_t>(std::min<uint64_t>(kCatchUpBatch, *head - size_)));
    if (!hashes.ok()) return hashes.status();
    for (std::string& hash : *hashes) AddLeafHash(std::move(hash));
  }
  return absl::OkStatus();
}

void LogTree::AddLeafHash(std::string hash) {
  tail_.push_back(std::move(hash));
  ++size_;
  if (tail_.size() < kBlockSize) return;
  // A whole block: cache its hash, and each larger subtree it completes.
  std::string completed = HashOf(tail_, 0, kBlockSize);
  tail_.clear();
  for (size_t level = 0;; ++level) {
    if (level == levels_.size()) levels_.emplace_back();
    std::vector<std::string>& hashes = levels_[level];
    hashes.push_back(std::move(completed));
    if (hashes.size() % 2 != 0) break;
    completed = merkle::NodeHash(hashes[hashes.size() - 2], hashes.back());
  }
}

absl::Status LogTree::CheckSize(uint64_t size) const {
  if (size <= size_) return absl::OkStatus();
  return absl::OutOfRangeError(
      absl::StrCat("the Merkle tree holds ", size_, " records, not ", size));
}

absl::StatusOr<std::string> LogTree::SubtreeHash(uint64_t begin, uint64_t end) {
  const uint64_t n = end - begin;
  if (n >= kBlockSize && absl::has_single_bit(n)) {
    // Aligned (RFC 6962 splits at powers of two) and made of whole blocks.
    return levels_[absl::countr_zero(n) - kBlockBits][begin / n];
  }
  const uint64_t block = begin / kBlockSize;
  if (block == (end - 1) / kBlockSize) {
    absl::StatusOr<const std::vector<std::string>*> leaves = BlockLeaves(block);
    if (!leaves.ok()) return leaves.status();
    const uint64_t first = block * kBlockSize;
    return HashOf(**leaves, begin - first, end - first);
  }
  const uint64_t middle = begin + merkle::SplitPoint(n);
  absl::StatusOr<std::string> left = SubtreeHash(begin, middle);
  if (!left.ok()) return left.status();
  absl::StatusOr<std::string> right = SubtreeHash(middle, end);
  if (!right.ok()) return right.status();
  return merkle::NodeHash(*left, *right);
}

absl::StatusOr<const std::vector<std::string>*> LogTree::BlockLeaves(uint64_t block) {
  if (block == size_ / kBlockSize) return &tail_;
  auto read = blocks_read_.find(block);
  if (read == blocks_read_.end()) {
    absl::StatusOr<std::vector<std::string>> hashes =
        ReadLeafHashes(*store_, block * kBlockSize + 1, kBlockSize);
    if (!hashes.ok()) return hashes.status();
    read = blocks_read_.emplace(block, *std::move(hashes)).first;
  }
  return &read->second;
}

absl::StatusOr<std::string> LogTree::Root(uint64_t size) {
  absl::MutexLock lock(&mutex_);
  if (absl::Status valid = CheckSize(size); !valid.ok()) return valid;
  if (size == 0) return merkle::EmptyRoot();
  blocks_read_.clear();
  return SubtreeHash(0, size);
}

absl::StatusOr<std::vector<std::string>> LogTree::InclusionProof(uint64_t position,
                                                                 uint64_t size) {
  absl::MutexLock lock(&mutex_);
  if (absl::Status valid = CheckSize(size); !valid.ok()) return valid;
  blocks_read_.clear();
  return merkle::InclusionProof(position - 1, size, [this](uint64_t begin, uint64_t end) {
    mutex_.AssertHeld();
    return SubtreeHash(begin, end);
  });
}

absl::StatusOr<std::vector<std::string>> LogTree::ConsistencyProof(uint64_t first,
                                                                   uint64_t second) {
  absl::MutexLock lock(&mutex_);
  if (absl::Status valid = CheckSize(second); !valid.ok()) return valid;
  blocks_read_.clear();
  return merkle::ConsistencyProof(first, second, [this](uint64_t begin, uint64_t end) {
    mutex_.AssertHeld();
    return SubtreeHash(begin, end);
  });
}

}  // namespace chancery::eventstore
