#include "eventstore/log_tree.h"

#include "absl/strings/str_cat.h"
#include "common/merkle.h"
#include "eventstore/hash_chain.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;

class LogTreeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenEventStore(absl::StrCat("sqlite:", dir_.File("log.db")), Durability::kNormal);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  // Append adds `count` events in batches of 100 over two streams.
  void Append(int count) {
    for (int done = 0; done < count;) {
      std::vector<EventData> events;
      for (; events.size() < 100 && done < count; ++done) {
        events.push_back(MakeEvent(absl::StrCat("e", next_id_++), absl::StrCat("payload ", done)));
      }
      ASSERT_TRUE(store_->Append(OneStream(next_id_ % 2 ? "KHM-USA" : "CHN-KHM",
                                           ExpectedRevision::Any(), std::move(events)))
                      .ok());
    }
  }

  // Leaf hashes of the whole log, computed record by record.
  std::vector<std::string> AllLeafHashes() {
    std::vector<std::string> hashes;
    auto visited = store_->ScanLog(1, SIZE_MAX, [&](const RecordedEventView& event) {
      hashes.push_back(merkle::LeafHash(RecordLeaf(event)));
      return true;
    });
    EXPECT_TRUE(visited.ok());
    return hashes;
  }

  // The straightforward recursive MTH of RFC 6962.
  static std::string Reference(const std::vector<std::string>& hashes, size_t begin, size_t end) {
    if (end - begin == 1) return hashes[begin];
    const size_t middle = begin + merkle::SplitPoint(end - begin);
    return merkle::NodeHash(Reference(hashes, begin, middle), Reference(hashes, middle, end));
  }

  ::chancery::testing::TempDir dir_;
  std::unique_ptr<EventStore> store_;
  int next_id_ = 0;
};

constexpr uint64_t kSizes[] = {1, 2, 3, 255, 256, 257, 511, 512, 513, 768, 1000, 1100};

TEST_F(LogTreeTest, RootsMatchTheRecursiveDefinitionAcrossBlockBoundaries) {
  Append(1100);
  LogTree tree(store_.get());
  ASSERT_EQ(*tree.CatchUp(), 1100u);
  const std::vector<std::string> hashes = AllLeafHashes();
  EXPECT_EQ(*tree.Root(0), merkle::EmptyRoot());
  for (uint64_t size : kSizes) EXPECT_EQ(*tree.Root(size), Reference(hashes, 0, size)) << size;
}

TEST_F(LogTreeTest, CatchingUpInStepsBuildsTheSameTree) {
  LogTree tree(store_.get());
  for (int step : {1, 254, 2, 300, 443, 100}) {
    Append(step);
    ASSERT_TRUE(tree.CatchUp().ok());
  }
  const std::vector<std::string> hashes = AllLeafHashes();
  ASSERT_EQ(hashes.size(), 1100u);
  for (uint64_t size : kSizes) EXPECT_EQ(*tree.Root(size), Reference(hashes, 0, size)) << size;
}

TEST_F(LogTreeTest, ProofsVerifyAgainstTheRoots) {
  Append(1100);
  LogTree tree(store_.get());
  ASSERT_TRUE(tree.CatchUp().ok());
  const std::vector<std::string> hashes = AllLeafHashes();
  for (uint64_t size : kSizes) {
    const std::string root = Reference(hashes, 0, size);
    for (uint64_t position : {uint64_t{1}, size / 2 + 1, size}) {
      absl::StatusOr<std::vector<std::string>> proof = tree.InclusionProof(position, size);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_EQ(*merkle::RootFromInclusionProof(position - 1, size, hashes[position - 1], *proof),
                root)
          << position << " in " << size;
    }
    for (uint64_t first : {uint64_t{1}, size / 3 + 1, size}) {
      absl::StatusOr<std::vector<std::string>> proof = tree.ConsistencyProof(first, 1100);
      ASSERT_TRUE(proof.ok()) << proof.status();
      EXPECT_TRUE(merkle::VerifyConsistency(first, 1100, Reference(hashes, 0, first),
                                            Reference(hashes, 0, 1100), *proof)
                      .ok())
          << first;
    }
  }
}

TEST_F(LogTreeTest, SizesBeyondTheTreeAreOutOfRange) {
  Append(5);
  LogTree tree(store_.get());
  ASSERT_TRUE(tree.CatchUp().ok());
  EXPECT_EQ(tree.Root(6).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(tree.InclusionProof(1, 6).status().code(), absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace chancery::eventstore
