#include "common/merkle.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::merkle {
namespace {

using ::testing::HasSubstr;

std::string Hex(const std::string& bytes) { return absl::BytesToHexString(bytes); }
std::string Bytes(const std::string& hex) { return absl::HexStringToBytes(hex); }

// Certificate Transparency's reference tree (RFC 6962 test data): eight
// leaves and the root of each prefix.
const std::vector<std::string>& CtLeaves() {
  static const auto* const kLeaves = new std::vector<std::string>{
      "",         Bytes("00"),       Bytes("10"),
      Bytes("2021"), Bytes("3031"), Bytes("40414243"),
      Bytes("5051525354555657"), Bytes("606162636465666768696a6b6c6d6e6f")};
  return *kLeaves;
}
const char* const kCtRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

// The straightforward recursive MTH of RFC 6962, section 2.1.
std::string ReferenceRoot(const std::vector<std::string>& leaf_hashes, size_t begin, size_t end) {
  if (end - begin == 1) return leaf_hashes[begin];
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return NodeHash(ReferenceRoot(leaf_hashes, begin, begin + k),
                  ReferenceRoot(leaf_hashes, begin + k, end));
}

SubtreeHash Over(const std::vector<std::string>& leaf_hashes) {
  return [&leaf_hashes](uint64_t begin, uint64_t end) -> absl::StatusOr<std::string> {
    return ReferenceRoot(leaf_hashes, begin, end);
  };
}

std::vector<std::string> LeafHashes(const std::vector<std::string>& leaves) {
  std::vector<std::string> hashes;
  for (const std::string& leaf : leaves) hashes.push_back(LeafHash(leaf));
  return hashes;
}

std::vector<std::string> HexAll(const std::vector<std::string>& hashes) {
  std::vector<std::string> hex;
  for (const std::string& hash : hashes) hex.push_back(Hex(hash));
  return hex;
}

std::vector<std::string> Numbered(int count) {
  std::vector<std::string> leaves;
  for (int i = 0; i < count; ++i) leaves.push_back("leaf " + std::to_string(i));
  return LeafHashes(leaves);
}

TEST(MerkleTest, RootsMatchCertificateTransparencysReferenceTree) {
  const std::vector<std::string> hashes = LeafHashes(CtLeaves());
  EXPECT_EQ(Hex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  for (size_t size = 1; size <= hashes.size(); ++size) {
    EXPECT_EQ(Hex(ReferenceRoot(hashes, 0, size)), kCtRoots[size - 1]) << size;
  }
}

TEST(MerkleTest, InclusionProofsMatchCertificateTransparencysVectors) {
  const std::vector<std::string> hashes = LeafHashes(CtLeaves());
  const auto proof = [&](uint64_t index, uint64_t size) {
    std::vector<std::string> leaves(hashes.begin(), hashes.begin() + size);
    absl::StatusOr<std::vector<std::string>> path = InclusionProof(index, size, Over(leaves));
    return path.ok() ? HexAll(*path) : std::vector<std::string>{"error"};
  };
  EXPECT_THAT(proof(0, 1), ::testing::IsEmpty());
  EXPECT_THAT(proof(0, 8),
              ::testing::ElementsAre(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
  EXPECT_THAT(proof(5, 8),
              ::testing::ElementsAre(
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
  EXPECT_THAT(proof(2, 3), ::testing::ElementsAre(
                               "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"));
  EXPECT_THAT(proof(1, 5),
              ::testing::ElementsAre(
                  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
}

TEST(MerkleTest, ConsistencyProofsMatchCertificateTransparencysVectors) {
  const std::vector<std::string> hashes = LeafHashes(CtLeaves());
  const auto proof = [&](uint64_t first, uint64_t second) {
    std::vector<std::string> leaves(hashes.begin(), hashes.begin() + second);
    absl::StatusOr<std::vector<std::string>> path = ConsistencyProof(first, second, Over(leaves));
    return path.ok() ? HexAll(*path) : std::vector<std::string>{"error"};
  };
  EXPECT_THAT(proof(1, 1), ::testing::IsEmpty());
  EXPECT_THAT(proof(1, 8),
              ::testing::ElementsAre(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
  EXPECT_THAT(proof(6, 8),
              ::testing::ElementsAre(
                  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
  EXPECT_THAT(proof(2, 5),
              ::testing::ElementsAre(
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
}

TEST(MerkleTest, EveryInclusionProofLeadsToTheRootInEveryTreeSize) {
  const std::vector<std::string> hashes = Numbered(70);
  for (uint64_t size = 1; size <= hashes.size(); ++size) {
    const std::string root = ReferenceRoot(hashes, 0, size);
    for (uint64_t index = 0; index < size; ++index) {
      absl::StatusOr<std::vector<std::string>> proof = InclusionProof(index, size, Over(hashes));
      ASSERT_TRUE(proof.ok()) << proof.status();
      absl::StatusOr<std::string> computed =
          RootFromInclusionProof(index, size, hashes[index], *proof);
      ASSERT_TRUE(computed.ok()) << index << "/" << size << ": " << computed.status();
      ASSERT_EQ(*computed, root) << index << "/" << size;
    }
  }
}

TEST(MerkleTest, EveryConsistencyProofVerifiesBetweenEveryPairOfSizes) {
  const std::vector<std::string> hashes = Numbered(40);
  for (uint64_t second = 1; second <= hashes.size(); ++second) {
    for (uint64_t first = 1; first <= second; ++first) {
      absl::StatusOr<std::vector<std::string>> proof =
          ConsistencyProof(first, second, Over(hashes));
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(VerifyConsistency(first, second, ReferenceRoot(hashes, 0, first),
                                    ReferenceRoot(hashes, 0, second), *proof)
                      .ok())
          << first << " -> " << second;
    }
  }
}

TEST(MerkleTest, ATruncatedInclusionProofSaysHowManyHashesItNeeds) {
  const std::vector<std::string> hashes = Numbered(13);
  std::vector<std::string> proof = *InclusionProof(4, 13, Over(hashes));
  proof.pop_back();
  absl::StatusOr<std::string> root = RootFromInclusionProof(4, 13, hashes[4], proof);
  EXPECT_EQ(root.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(root.status().message(),
              HasSubstr("the proof has 3 hashes; a proof of leaf 5 in a tree of 13 leaves has 4"));
}

TEST(MerkleTest, AnAlteredInclusionProofLeadsToAnotherRoot) {
  const std::vector<std::string> hashes = Numbered(13);
  std::vector<std::string> proof = *InclusionProof(4, 13, Over(hashes));
  proof[1][0] ^= 1;
  absl::StatusOr<std::string> root = RootFromInclusionProof(4, 13, hashes[4], proof);
  ASSERT_TRUE(root.ok());
  EXPECT_NE(*root, ReferenceRoot(hashes, 0, 13));
  proof[1].pop_back();
  EXPECT_THAT(RootFromInclusionProof(4, 13, hashes[4], proof).status().message(),
              HasSubstr("hash 2 of the proof has 31 bytes, not 32"));
}

TEST(MerkleTest, AConsistencyProofFailsForAChangedPrefix) {
  std::vector<std::string> hashes = Numbered(20);
  const std::string old_root = ReferenceRoot(hashes, 0, 7);
  hashes[3] = LeafHash("rewritten");
  std::vector<std::string> proof = *ConsistencyProof(7, 20, Over(hashes));
  absl::Status verified =
      VerifyConsistency(7, 20, old_root, ReferenceRoot(hashes, 0, 20), proof);
  EXPECT_EQ(verified.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(verified.message(), HasSubstr("root of the first 7 leaves"));
  proof.pop_back();
  EXPECT_THAT(VerifyConsistency(7, 20, old_root, ReferenceRoot(hashes, 0, 20), proof).message(),
              HasSubstr("a consistency proof from 7 leaves to 20 has"));
}

}  // namespace
}  // namespace chancery::merkle
