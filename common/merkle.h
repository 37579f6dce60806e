// The Merkle tree hash of RFC 6962 (section 2.1), as Certificate
// Transparency logs use it, and its two proofs: inclusion (an audit path
// from one leaf to the root) and consistency (a smaller tree is a prefix of
// a larger one).
//
// Leaves are 0-based here (leaf i is the log's position i + 1). Proofs are
// built from a SubtreeHash function, so the caller decides where subtree
// hashes come from (a cache, leaves read from storage); they are verified
// with the algorithms of RFC 9162, section 2.1.3.2 and 2.1.4.2.

#ifndef CHANCERY_COMMON_MERKLE_H_
#define CHANCERY_COMMON_MERKLE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::merkle {

inline constexpr size_t kHashSize = 32;

// LeafHash is SHA-256(0x00 || leaf).
std::string LeafHash(absl::string_view leaf);

// NodeHash is SHA-256(0x01 || left || right).
std::string NodeHash(absl::string_view left, absl::string_view right);

// EmptyRoot is the root of a tree without leaves: SHA-256 of nothing.
const std::string& EmptyRoot();

// SplitPoint is the largest power of two below `n` (n >= 2): where RFC 6962
// splits a tree of n leaves into its left and right subtrees.
uint64_t SplitPoint(uint64_t n);

// SubtreeHash answers MTH(D[begin:end]), the hash of leaves begin to end - 1.
using SubtreeHash = std::function<absl::StatusOr<std::string>(uint64_t begin, uint64_t end)>;

// InclusionProof is PATH(index, D[0:size]): the hashes from the leaf's
// sibling up to the root's child. Needs index < size.
absl::StatusOr<std::vector<std::string>> InclusionProof(uint64_t index, uint64_t size,
                                                        const SubtreeHash& subtree);

// ConsistencyProof is PROOF(first, D[0:second]); empty when first == second.
// Needs 0 < first <= second.
absl::StatusOr<std::vector<std::string>> ConsistencyProof(uint64_t first, uint64_t second,
                                                          const SubtreeHash& subtree);

// RootFromInclusionProof is the root that `proof` leads to from leaf
// `index`'s hash in a tree of `size` leaves; INVALID_ARGUMENT, saying how, when
// the proof cannot be one for that leaf (too few or too many hashes, a hash
// that is not 32 bytes, an index beyond the tree).
absl::StatusOr<std::string> RootFromInclusionProof(uint64_t index, uint64_t size,
                                                   absl::string_view leaf_hash,
                                                   const std::vector<std::string>& proof);

// VerifyConsistency is OK when `proof` shows that the tree of `first` leaves
// with root `first_root` is a prefix of the tree of `second` leaves with root
// `second_root`; otherwise INVALID_ARGUMENT for a proof of the wrong shape and
// FAILED_PRECONDITION when it leads to other roots.
absl::Status VerifyConsistency(uint64_t first, uint64_t second, absl::string_view first_root,
                               absl::string_view second_root,
                               const std::vector<std::string>& proof);

}  // namespace chancery::merkle

#endif  // CHANCERY_COMMON_MERKLE_H_
