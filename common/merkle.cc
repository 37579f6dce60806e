#include "common/merkle.h"

#include <openssl/sha.h>

#include "absl/numeric/bits.h"
#include "absl/strings/str_cat.h"

namespace chancery::merkle {
namespace {

// SHA-256 of `prefix` || `a` || `b`, through a buffer the thread reuses.
std::string Sha256(absl::string_view prefix, absl::string_view a, absl::string_view b = {}) {
  thread_local std::string input;
  input.assign(prefix.data(), prefix.size());
  input.append(a.data(), a.size());
  input.append(b.data(), b.size());
  std::string digest(kHashSize, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

// The shape of an audit path for leaf `index` of `size` (index < size): the
// hashes below the point where the leaf's path leaves the tree's right
// border (`inner`), then those along that border (`border`).
struct PathShape {
  uint64_t inner;
  uint64_t border;
};
PathShape ShapeOf(uint64_t index, uint64_t size) {
  const uint64_t inner = absl::bit_width(index ^ (size - 1));
  return {inner, static_cast<uint64_t>(absl::popcount(index >> inner))};
}

absl::Status CheckHashSizes(const std::vector<std::string>& proof) {
  for (size_t i = 0; i < proof.size(); ++i) {
    if (proof[i].size() != kHashSize) {
      return absl::InvalidArgumentError(
          absl::StrCat("hash ", i + 1, " of the proof has ", proof[i].size(), " bytes, not 32"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckLength(const std::vector<std::string>& proof, uint64_t expected,
                         absl::string_view what) {
  if (proof.size() == expected) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("the proof has ", proof.size(), " hashes; ",
                                                 what, " has ", expected));
}

// PATH of RFC 6962 section 2.1.1 for leaf `index` of D[begin:end], appended
// to `path` (deepest sibling first).
absl::Status AppendPath(uint64_t index, uint64_t begin, uint64_t end, const SubtreeHash& subtree,
                        std::vector<std::string>& path) {
  if (end - begin == 1) return absl::OkStatus();
  const uint64_t middle = begin + SplitPoint(end - begin);
  const bool left = index < middle;
  const absl::Status below = left ? AppendPath(index, begin, middle, subtree, path)
                                  : AppendPath(index, middle, end, subtree, path);
  if (!below.ok()) return below;
  absl::StatusOr<std::string> sibling = left ? subtree(middle, end) : subtree(begin, middle);
  if (!sibling.ok()) return sibling.status();
  path.push_back(*std::move(sibling));
  return absl::OkStatus();
}

// SUBPROOF of RFC 6962 section 2.1.2 for the first `m` leaves of
// D[begin:end]; `whole` is true while D[begin:begin+m] is the old tree itself.
absl::Status AppendSubproof(uint64_t m, uint64_t begin, uint64_t end, bool whole,
                            const SubtreeHash& subtree, std::vector<std::string>& proof) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (whole) return absl::OkStatus();
    absl::StatusOr<std::string> hash = subtree(begin, end);
    if (!hash.ok()) return hash.status();
    proof.push_back(*std::move(hash));
    return absl::OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  const bool left = m <= k;
  const absl::Status below = left ? AppendSubproof(m, begin, begin + k, whole, subtree, proof)
                                  : AppendSubproof(m - k, begin + k, end, false, subtree, proof);
  if (!below.ok()) return below;
  absl::StatusOr<std::string> other = left ? subtree(begin + k, end) : subtree(begin, begin + k);
  if (!other.ok()) return other.status();
  proof.push_back(*std::move(other));
  return absl::OkStatus();
}

}  // namespace

std::string LeafHash(absl::string_view leaf) { return Sha256(absl::string_view("\0", 1), leaf); }

std::string NodeHash(absl::string_view left, absl::string_view right) {
  return Sha256("\x01", left, right);
}

const std::string& EmptyRoot() {
  static const std::string* const kEmpty = new std::string(Sha256("", ""));
  return *kEmpty;
}

uint64_t SplitPoint(uint64_t n) { return uint64_t{1} << (absl::bit_width(n - 1) - 1); }

absl::StatusOr<std::vector<std::string>> InclusionProof(uint64_t index, uint64_t size,
                                                        const SubtreeHash& subtree) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf ", index, " is not in a tree of ", size, " leaves"));
  }
  std::vector<std::string> path;
  if (absl::Status built = AppendPath(index, 0, size, subtree, path); !built.ok()) return built;
  return path;
}

absl::StatusOr<std::vector<std::string>> ConsistencyProof(uint64_t first, uint64_t second,
                                                          const SubtreeHash& subtree) {
  if (first == 0 || first > second) {
    return absl::InvalidArgumentError(
        absl::StrCat("no consistency proof from ", first, " leaves to ", second));
  }
  std::vector<std::string> proof;
  if (first == second) return proof;
  if (absl::Status built = AppendSubproof(first, 0, second, true, subtree, proof); !built.ok()) {
    return built;
  }
  return proof;
}

absl::StatusOr<std::string> RootFromInclusionProof(uint64_t index, uint64_t size,
                                                   absl::string_view leaf_hash,
                                                   const std::vector<std::string>& proof) {
  if (index >= size) {
    return absl::InvalidArgumentError(
        absl::StrCat("leaf ", index + 1, " is beyond a tree of ", size, " leaves"));
  }
  const PathShape shape = ShapeOf(index, size);
  if (absl::Status valid = CheckLength(
          proof, shape.inner + shape.border,
          absl::StrCat("a proof of leaf ", index + 1, " in a tree of ", size, " leaves"));
      !valid.ok()) {
    return valid;
  }
  if (absl::Status valid = CheckHashSizes(proof); !valid.ok()) return valid;
  // RFC 9162, section 2.1.3.2.
  uint64_t fn = index, sn = size - 1;
  std::string r(leaf_hash);
  for (const std::string& p : proof) {
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return r;
}

absl::Status VerifyConsistency(uint64_t first, uint64_t second, absl::string_view first_root,
                               absl::string_view second_root,
                               const std::vector<std::string>& proof) {
  if (first == 0 || first > second) {
    return absl::InvalidArgumentError(
        absl::StrCat("no consistency proof from ", first, " leaves to ", second));
  }
  if (first == second) {
    if (absl::Status valid = CheckLength(proof, 0, "a proof between equal sizes"); !valid.ok()) {
      return valid;
    }
    if (first_root != second_root) {
      return absl::FailedPreconditionError("two trees of the same size have different roots");
    }
    return absl::OkStatus();
  }
  // The old tree's rightmost subtree that is whole in both trees, and the
  // path from there: its shape fixes the proof's length.
  const int level = absl::countr_zero(first);
  const uint64_t index = (first - 1) >> level;
  const PathShape shape = ShapeOf(index, ((second - 1) >> level) + 1);
  const bool seeded = index == 0;  // The old tree is itself a subtree of the new.
  if (absl::Status valid = CheckLength(
          proof, (seeded ? 0 : 1) + shape.inner + shape.border,
          absl::StrCat("a consistency proof from ", first, " leaves to ", second));
      !valid.ok()) {
    return valid;
  }
  if (absl::Status valid = CheckHashSizes(proof); !valid.ok()) return valid;
  // RFC 9162, section 2.1.4.2.
  std::vector<std::string> path = proof;
  if (seeded) path.insert(path.begin(), std::string(first_root));
  uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const std::string& c = path[i];
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while (!(fn & 1) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (fr != first_root) {
    return absl::FailedPreconditionError(
        absl::StrCat("the proof does not lead to the root of the first ", first, " leaves"));
  }
  if (sr != second_root) {
    return absl::FailedPreconditionError(
        absl::StrCat("the proof does not lead to the root of the first ", second, " leaves"));
  }
  return absl::OkStatus();
}

}  // namespace chancery::merkle
