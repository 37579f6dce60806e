#include "services/projection/snapshot.h"

#include <fstream>

#include "gtest/gtest.h"

namespace chancery::projection {
namespace {

TEST(Snapshot, MissingFileIsNotFound) {
  EXPECT_EQ(LoadSnapshot(::testing::TempDir() + "/absent.projections").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Snapshot, GarbageIsDataLoss) {
  const std::string path = ::testing::TempDir() + "/garbage.projections";
  std::ofstream(path) << "this is not a snapshot";
  EXPECT_EQ(LoadSnapshot(path).status().code(), absl::StatusCode::kDataLoss);
}

TEST(Snapshot, EmptyIndexRoundTrips) {
  const std::string path = ::testing::TempDir() + "/empty.projections";
  ASSERT_TRUE(SaveSnapshot(path, ProjectionIndex{}, "").ok());
  absl::StatusOr<Snapshot> loaded = LoadSnapshot(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->index.head(), 0u);
}

}  // namespace
}  // namespace chancery::projection
