// Many threads appending to the same streams with expected revisions.

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "absl/synchronization/barrier.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TempDir;

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteEventStore::Open({dir_.File("chancery.db"), Durability::kNormal});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  TempDir dir_;
  std::unique_ptr<SqliteEventStore> store_;
};

TEST_F(ConcurrencyTest, ExactlyOneWriterWinsEachRevision) {
  constexpr int kThreads = 16;
  constexpr int kRounds = 40;
  std::vector<std::unique_ptr<absl::Barrier>> rounds;
  for (int r = 0; r < kRounds; ++r) rounds.push_back(std::make_unique<absl::Barrier>(kThreads));
  std::vector<std::atomic<int>> winners(kRounds);
  std::atomic<int> wrong_answers{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        rounds[r]->Block();  // Everyone races for revision r together.
        ExpectedRevision expected =
            r == 0 ? ExpectedRevision::NoStream() : ExpectedRevision::Exactly(r - 1);
        auto result = store_->Append(
            OneStream("KHM-USA", expected, {MakeEvent(absl::StrCat("t", t, "-r", r))}));
        if (result.ok() && result->events[0].revision == r) {
          ++winners[r];
        } else if (ConflictCurrentRevision(result.status()) != r) {
          ++wrong_answers;  // Neither a win nor a conflict naming revision r.
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (int r = 0; r < kRounds; ++r) EXPECT_EQ(winners[r].load(), 1) << "revision " << r;
  EXPECT_EQ(wrong_answers.load(), 0);
  auto stream = store_->ReadStream({"KHM-USA", Direction::kForwards, 0, 1000});
  ASSERT_EQ(stream->size(), static_cast<size_t>(kRounds));
  for (int r = 0; r < kRounds; ++r) EXPECT_EQ((*stream)[r].revision, r);
}

TEST_F(ConcurrencyTest, WritersThatRetryConflictsLoseAndDuplicateNothing) {
  constexpr int kThreads = 16;
  constexpr int kEventsPerThread = 50;
  const std::vector<std::string> streams = {"A-B", "A-C", "B-C", "C-D"};
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEventsPerThread; ++i) {
        const std::string& stream = streams[(t + i) % streams.size()];
        auto last = store_->ReadStream(
            {stream, Direction::kBackwards, StreamReadOptions::kLatestRevision, 1});
        int64_t revision = last->empty() ? kNoStreamRevision : last->front().revision;
        while (true) {
          auto result = store_->Append(OneStream(stream, ExpectedRevision::Exactly(revision),
                                                 {MakeEvent(absl::StrCat("t", t, "-", i))}));
          if (result.ok()) break;
          std::optional<int64_t> current = ConflictCurrentRevision(result.status());
          if (!current) {
            ++failures;
            break;
          }
          revision = *current;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  auto log = store_->ReadLog({1, "", {}, 100000});
  ASSERT_EQ(log->size(), static_cast<size_t>(kThreads * kEventsPerThread));
  std::set<std::string> ids;
  std::map<std::string, int64_t> next_revision;
  for (size_t i = 0; i < log->size(); ++i) {
    const RecordedEvent& event = (*log)[i];
    EXPECT_EQ(event.position, i + 1);
    EXPECT_TRUE(ids.insert(event.data.event_id).second) << event.data.event_id;
    EXPECT_EQ(event.revision, next_revision[event.stream]++) << event.stream;
  }
  EXPECT_TRUE(store_->VerifyChain()->ok());
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
