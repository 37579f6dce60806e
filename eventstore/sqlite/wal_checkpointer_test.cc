#include "eventstore/sqlite/wal_checkpointer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

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

// Readers that keep reading (subscribers following the head) never let a
// passive checkpoint finish; past restart_frames the checkpointer waits for
// them, so the log stops growing, and a clean stop leaves none behind.
TEST(WalCheckpointerTest, TheLogStaysBoundedUnderContinuousReadingAndIsGoneAfterAStop) {
  TempDir dir;
  const std::string path = dir.File("events.db");
  const std::string wal = path + "-wal";
  CheckpointPolicy policy;
  policy.threshold_frames = 100;
  policy.restart_frames = 400;
  policy.min_interval = absl::ZeroDuration();
  auto store = SqliteEventStore::Open({path, Durability::kFull, policy});
  ASSERT_TRUE(store.ok()) << store.status();
  // Readers whose transactions overlap, so that one is always reading.
  std::atomic<bool> stop{false};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!stop) {
        auto events = (*store)->ReadLog({0, "", {}, 2000});
        ASSERT_TRUE(events.ok()) << events.status();
      }
    });
  }
  // Writers that keep the writer busy, commit after commit, as an import does.
  std::atomic<uintmax_t> largest{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int batch = 0; batch < 100; ++batch) {
        std::vector<EventData> events;
        for (int i = 0; i < 250; ++i) {
          events.push_back(MakeEvent(absl::StrCat("w", w, "-", batch, "-", i)));
        }
        ASSERT_TRUE((*store)
                        ->Append(OneStream(absl::StrCat("dyad/W", w), ExpectedRevision::Any(),
                                           std::move(events)))
                        .ok());
        std::error_code error;
        const uintmax_t size = std::filesystem::file_size(wal, error);
        uintmax_t seen = largest;
        while (!error && size > seen && !largest.compare_exchange_weak(seen, size)) {
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  stop = true;
  for (std::thread& reader : readers) reader.join();
  // 400 frames of 4 KiB pages is 1.6 MiB; allow for the log growing while a
  // checkpoint waits for the readers.
  EXPECT_LT(largest.load(), 8u << 20) << "the -wal file reached " << largest << " bytes";
  store->reset();
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0)
      << std::filesystem::file_size(wal) << " bytes left in the -wal file";
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
