// The database file deleted, replaced or renamed under a live store: found
// before a commit is acknowledged, never after. SQLite itself would go on
// committing into the open, unlinked files, and a restart would not find
// those events.

#include <cstdio>
#include <filesystem>

#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/append_ledger.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/writability_recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::AppendLedger;
using ::chancery::testing::ReopenedEventIds;
using ::chancery::testing::TempDir;
using ::chancery::testing::WritabilityRecorder;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::unique_ptr<SqliteEventStore> MustOpen(const std::string& path) {
  SqliteStoreOptions options;
  options.path = path;
  auto store = SqliteEventStore::Open(options);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

class MovedFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directory(directory_);
    store_ = MustOpen(path_);
    ASSERT_NE(store_, nullptr);
    store_->SetWritabilityListener(writability_.Listener());
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(ledger_.Append(*store_).ok());
  }

  // ExpectRefused appends `count` requests and expects each to be refused
  // as UNAVAILABLE, saying that `file` was deleted or replaced.
  void ExpectRefused(int count, const std::string& file) {
    for (int i = 0; i < count; ++i) {
      absl::Status refused = ledger_.Append(*store_);
      ASSERT_EQ(refused.code(), absl::StatusCode::kUnavailable) << "append " << i << ", " << refused;
      ASSERT_THAT(refused.message(), AllOf(HasSubstr("sqlite:" + path_),
                                           HasSubstr(file + " was deleted or replaced")));
    }
    EXPECT_TRUE(writability_.WaitFor(false));
  }

  TempDir dir_;
  std::string directory_ = dir_.File("data");
  std::string path_ = directory_ + "/chancery.db";
  WritabilityRecorder writability_;
  AppendLedger ledger_;
  std::unique_ptr<SqliteEventStore> store_;
};

TEST_F(MovedFilesTest, ADeletedDirectoryIsFoundBeforeAnyAcknowledgement) {
  const std::set<std::string> before = ledger_.acknowledged();
  std::filesystem::remove_all(directory_);
  ExpectRefused(300, path_);
  EXPECT_EQ(ledger_.acknowledged(), before);  // Nothing acknowledged into the void.
  store_.reset();
}

TEST_F(MovedFilesTest, ADeletedWriteAheadLogIsFound) {
  ASSERT_EQ(std::remove((path_ + "-wal").c_str()), 0);
  ExpectRefused(5, path_ + "-wal");
}

TEST_F(MovedFilesTest, AReplacedFileIsFoundAndTheReplacementLeftIntact) {
  const std::string other_path = directory_ + "/other.db";
  AppendLedger other_ledger;
  {
    std::unique_ptr<SqliteEventStore> other = MustOpen(other_path);
    ASSERT_NE(other, nullptr);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(other_ledger.Append(*other).ok());
  }
  ASSERT_EQ(std::rename(other_path.c_str(), path_.c_str()), 0);
  ExpectRefused(20, path_);
  store_.reset();

  // What is at the path now is the other database, with nothing of ours.
  absl::StatusOr<std::set<std::string>> stored = ReopenedEventIds(path_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored, other_ledger.acknowledged());
}

TEST_F(MovedFilesTest, ARenamedFileIsFoundAndCommitsResumeOnceItIsBack) {
  const std::string away = directory_ + "/away.db";
  ASSERT_EQ(std::rename(path_.c_str(), away.c_str()), 0);
  ExpectRefused(5, path_);
  ASSERT_EQ(std::rename(away.c_str(), path_.c_str()), 0);
  ASSERT_TRUE(writability_.WaitFor(true)) << writability_.state();  // The store's own probe.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(ledger_.Append(*store_).ok());
  store_.reset();

  absl::StatusOr<std::set<std::string>> stored = ReopenedEventIds(path_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored, ledger_.acknowledged());
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
