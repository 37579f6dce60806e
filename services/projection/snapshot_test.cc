#include "services/projection/snapshot.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "common/hmac.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "services/projection/projection_snapshot.pb.h"

namespace chancery::projection {
namespace {

const std::string kSecret(32, 's');

// Each run writes into a fresh directory, removed afterwards: a process id is reused across
// runs, and what an earlier run left must not decide this one.
const chancery::testing::TempDir kRunDirectory;

std::string TestPath(const std::string& name) { return kRunDirectory.File(name + ".projections"); }

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

bool Exists(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0;
}

// An index of one KHM-USA event with Goldstein -5.
ProjectionIndex OneEvent() {
  ProjectionIndex index;
  FoldEvent event;
  event.day = domain::Day::FromNumber(17900);
  event.position = 1;
  event.goldstein = -5;
  event.cameo = {'1', '6', '3', '\0'};
  EXPECT_TRUE(index.ApplyFoldEvent(1000, "KHM-USA", event).ok());
  return index;
}

TEST(Snapshot, MissingFileIsNotFound) {
  EXPECT_EQ(LoadSnapshot(TestPath("absent"), kSecret).status().code(),
            absl::StatusCode::kNotFound);
}

TEST(Snapshot, GarbageIsDataLoss) {
  const std::string path = TestPath("garbage");
  WriteFile(path, "this is not a snapshot");
  EXPECT_EQ(LoadSnapshot(path, kSecret).status().code(), absl::StatusCode::kDataLoss);
  WriteFile(path, "");
  EXPECT_EQ(LoadSnapshot(path, kSecret).status().code(), absl::StatusCode::kDataLoss);
}

TEST(Snapshot, ADirectoryIsDataLoss) {
  const std::string path = TestPath("a-directory");
  ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
  EXPECT_EQ(LoadSnapshot(path, kSecret).status().code(), absl::StatusCode::kDataLoss);
}

TEST(Snapshot, RoundTrips) {
  const std::string path = TestPath("round-trip");
  ASSERT_TRUE(SaveSnapshot(path, OneEvent(), "hash", kSecret).ok());
  absl::StatusOr<Snapshot> loaded = LoadSnapshot(path, kSecret);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_TRUE(loaded->index == OneEvent());
  EXPECT_EQ(loaded->last_hash, "hash");
  EXPECT_FALSE(Exists(path + ".tmp"));
}

TEST(Snapshot, EmptyIndexRoundTrips) {
  const std::string path = TestPath("empty");
  ASSERT_TRUE(SaveSnapshot(path, ProjectionIndex{}, "", kSecret).ok());
  absl::StatusOr<Snapshot> loaded = LoadSnapshot(path, kSecret);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->index.head(), 0u);
}

// Re-serialized with another Goldstein value: it still parses, but the MAC
// no longer matches.
TEST(Snapshot, EditedContentIsRefused) {
  const std::string path = TestPath("edited");
  ASSERT_TRUE(SaveSnapshot(path, OneEvent(), "hash", kSecret).ok());
  const std::string bytes = ReadFile(path);
  ProjectionSnapshot snapshot;
  ASSERT_TRUE(snapshot.ParseFromString(bytes.substr(0, bytes.size() - kMacSize)));
  snapshot.mutable_streams(0)->set_goldstein(0, -10);
  WriteFile(path, snapshot.SerializeAsString() + bytes.substr(bytes.size() - kMacSize));
  EXPECT_EQ(LoadSnapshot(path, kSecret).status().code(), absl::StatusCode::kDataLoss);
}

TEST(Snapshot, EveryFlippedBitIsRefused) {
  const std::string path = TestPath("flipped");
  ASSERT_TRUE(SaveSnapshot(path, OneEvent(), "hash", kSecret).ok());
  const std::string original = ReadFile(path);
  std::mt19937 random(20);
  for (int trial = 0; trial < 20; ++trial) {
    std::string bytes = original;
    const size_t offset = random() % bytes.size();
    const int bit = static_cast<int>(random() % 8);
    bytes[offset] = static_cast<char>(bytes[offset] ^ (1 << bit));
    WriteFile(path, bytes);
    EXPECT_EQ(LoadSnapshot(path, kSecret).status().code(), absl::StatusCode::kDataLoss)
        << "bit " << bit << " of byte " << offset;
  }
}

TEST(Snapshot, AnotherDatabasesSnapshotIsRefused) {
  const std::string path = TestPath("foreign");
  ASSERT_TRUE(SaveSnapshot(path, OneEvent(), "hash", std::string(32, 'o')).ok());
  EXPECT_EQ(LoadSnapshot(path, kSecret).status().code(), absl::StatusCode::kDataLoss);
}

// The temporary file is written, then cannot replace a directory.
TEST(Snapshot, AFailedRenameLeavesNoTemporaryFile) {
  const std::string path = TestPath("directory");
  ASSERT_EQ(mkdir(path.c_str(), 0755), 0);
  ASSERT_EQ(mkdir((path + "/inside").c_str(), 0755), 0);  // Not empty: rename fails.
  EXPECT_FALSE(SaveSnapshot(path, OneEvent(), "hash", kSecret).ok());
  EXPECT_FALSE(Exists(path + ".tmp"));
}

TEST(Snapshot, ASaveUnderAFileFailsCleanly) {
  const std::string parent = TestPath("parent-file");
  WriteFile(parent, "a file, not a directory");
  EXPECT_FALSE(SaveSnapshot(parent + "/x.projections", OneEvent(), "hash", kSecret).ok());
  EXPECT_FALSE(Exists(parent + "/x.projections.tmp"));
}

}  // namespace
}  // namespace chancery::projection
