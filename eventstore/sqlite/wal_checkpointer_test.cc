#include "eventstore/sqlite/wal_checkpointer.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TempDir;

// Appends 1,000 small events in 20 commits.
void AppendThousandEvents(EventStore& store) {
  for (int batch = 0; batch < 20; ++batch) {
    std::vector<EventData> events;
    for (int i = 0; i < 50; ++i) events.push_back(MakeEvent(absl::StrCat("e-", batch, "-", i)));
    ASSERT_TRUE(
        store.Append(OneStream("dyad/KHM/USA", ExpectedRevision::Any(), std::move(events))).ok());
  }
}

// Until a checkpoint, commits reach only the -wal file; the database file
// grows when the checkpointer copies them in.
TEST(WalCheckpointerTest, CopiesTheLogIntoTheDatabaseWhileTheStoreRuns) {
  TempDir dir;
  const std::string path = dir.File("events.db");
  CheckpointPolicy policy;
  policy.threshold_frames = 8;
  policy.min_interval = absl::ZeroDuration();
  auto store = SqliteEventStore::Open({path, Durability::kFull, policy});
  ASSERT_TRUE(store.ok()) << store.status();
  const auto initial_size = std::filesystem::file_size(path);

  AppendThousandEvents(**store);
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (std::filesystem::file_size(path) <= initial_size && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_GT(std::filesystem::file_size(path), initial_size);

  // Nothing is lost across the checkpoints.
  auto events = (*store)->ReadLog({});
  ASSERT_TRUE(events.ok()) << events.status();
  EXPECT_EQ(events->size(), 1000u);
}

// With the threshold out of reach, the writer's commits never checkpoint
// (SQLite's own automatic checkpoint is off).
TEST(WalCheckpointerTest, TheWriterDoesNotCheckpointItself) {
  TempDir dir;
  const std::string path = dir.File("events.db");
  CheckpointPolicy policy;
  policy.threshold_frames = 1 << 30;
  auto store = SqliteEventStore::Open({path, Durability::kFull, policy});
  ASSERT_TRUE(store.ok()) << store.status();
  const auto initial_size = std::filesystem::file_size(path);
  AppendThousandEvents(**store);
  EXPECT_EQ(std::filesystem::file_size(path), initial_size);
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
