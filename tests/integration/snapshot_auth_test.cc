// The projection snapshot is used only when its MAC matches the database's
// secret: an edited, damaged or foreign snapshot is refused with a warning,
// and the answers are those of a rebuild from the log.

#include <csignal>
#include <fstream>
#include <random>

#include "absl/strings/str_split.h"
#include "common/hmac.h"
#include "services/projection/projection_snapshot.pb.h"
#include "tests/integration/server_fixture.h"
#include "services/chanceryd/testing/read_file.h"
#include "tests/support/store_secret.h"

namespace chancery::testing {
namespace {

class SnapshotAuthTest : public ServerTest {
 protected:
  // Records a few events and stops the server, which saves the snapshot.
  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "163", "2019-01-10"),
                        TestEvent(TestUuid(2), "KHM", "USA", "042", "2019-01-12"),
                        TestEvent(TestUuid(3), "CHN", "KHM", "071", "2019-01-10")})
                    .ok());
    live_ = Answers();
    ASSERT_EQ(server_->Stop(SIGTERM), 0);
    saved_ = ReadFile(snapshot_path_);
    ASSERT_GT(saved_.size(), kMacSize) << "no snapshot written at shutdown";
  }

  // What the server says of both dyads, as one string to compare.
  std::string Answers() {
    return Relationship("KHM-USA", "2019-02-01").DebugString() +
           Relationship("CHN-KHM", "2019-02-01").DebugString();
  }

  // Restarts on a snapshot of `bytes`: it must be refused, with one
  // warning, and the answers must be the live ones.
  void ExpectRefused(const std::string& bytes) {
    std::ofstream(snapshot_path_, std::ios::binary | std::ios::trunc) << bytes;
    StartServer();
    EXPECT_EQ(Answers(), live_);
    const std::string stderr_text = server_->Stderr();
    EXPECT_NE(stderr_text.find("is not authentic"), std::string::npos) << stderr_text;
    const std::vector<absl::string_view> around =
        absl::StrSplit(stderr_text, "rebuilding the projections");
    EXPECT_EQ(around.size(), 2u) << "not one warning: " << stderr_text;
    ASSERT_EQ(server_->Stop(SIGTERM), 0);
  }

  const std::string snapshot_path_ = db_path_ + ".projections";
  std::string live_;
  std::string saved_;
};

TEST_F(SnapshotAuthTest, AnAuthenticSnapshotLoadsWithoutARebuild) {
  StartServer();
  EXPECT_EQ(Answers(), live_);
  EXPECT_EQ(server_->Stderr().find("rebuilding"), std::string::npos) << server_->Stderr();
}

// Every KHM-USA Goldstein value set to -10 and re-serialized, so the file
// still parses; the MAC is the old one.
TEST_F(SnapshotAuthTest, AnEditedSnapshotIsRefused) {
  projection::ProjectionSnapshot snapshot;
  ASSERT_TRUE(snapshot.ParseFromString(saved_.substr(0, saved_.size() - kMacSize)));
  bool edited = false;
  for (projection::StreamColumns& columns : *snapshot.mutable_streams()) {
    if (columns.name() != "KHM-USA") continue;
    for (int i = 0; i < columns.goldstein_size(); ++i) columns.set_goldstein(i, -10);
    edited = columns.goldstein_size() > 0;
  }
  ASSERT_TRUE(edited);
  ExpectRefused(snapshot.SerializeAsString() + saved_.substr(saved_.size() - kMacSize));
}

TEST_F(SnapshotAuthTest, EveryRandomBitFlipIsRefused) {
  std::mt19937 random(2026);
  for (int trial = 0; trial < 20; ++trial) {
    std::string bytes = saved_;
    const size_t offset = random() % bytes.size();
    const int bit = static_cast<int>(random() % 8);
    bytes[offset] = static_cast<char>(bytes[offset] ^ (1 << bit));
    SCOPED_TRACE(::testing::Message() << "bit " << bit << " of byte " << offset);
    ExpectRefused(bytes);
  }
}

// The same log under another secret: only the MAC tells the snapshot apart.
TEST_F(SnapshotAuthTest, AnotherDatabasesSnapshotIsRefused) {
  ReplaceStoreSecret(db_path_);
  ExpectRefused(saved_);
}

TEST_F(SnapshotAuthTest, AMissingMacIsRefused) {
  ExpectRefused(saved_.substr(0, saved_.size() - kMacSize));
}

}  // namespace
}  // namespace chancery::testing
