// Several stores (the replicas of several chanceryd) on one PostgreSQL
// database: positions stay gap-free and in commit order across them, and
// each follows the others' commits.

#include <libpq-fe.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "eventstore/open_event_store.h"
#include "eventstore/postgresql/schema.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TestDatabase;

class ReplicasTest : public ::testing::Test {
 protected:
  std::unique_ptr<EventStore> Replica() {
    auto store = OpenEventStore(database_.uri(), Durability::kFull);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  TestDatabase database_;
};

// ReadEveryPosition follows `store` as a subscriber does (wait for the head
// to move, read from the last position seen), until it has read `count`
// events; each must be the next position. Returns the event ids in order.
std::vector<std::string> ReadEveryPosition(EventStore& store, size_t count) {
  std::vector<std::string> ids;
  uint64_t last = 0;
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  while (ids.size() < count && absl::Now() < give_up) {
    absl::StatusOr<uint64_t> head = store.WaitForEvents(last, give_up);
    if (!head.ok()) break;
    absl::StatusOr<std::vector<RecordedEvent>> events = store.ReadLog({last + 1, "", {}, 1000});
    if (!events.ok()) break;
    for (const RecordedEvent& event : *events) {
      EXPECT_EQ(event.position, last + 1) << "a reader skipped a position";
      last = event.position;
      ids.push_back(event.data.event_id);
    }
  }
  return ids;
}

TEST_F(ReplicasTest, ConcurrentAppendsOnTwoReplicasGetGapFreePositionsAndOneChain) {
  std::unique_ptr<EventStore> a = Replica();
  std::unique_ptr<EventStore> b = Replica();
  constexpr int kThreadsPerReplica = 4;
  constexpr int kAppendsPerThread = 25;
  std::vector<std::thread> writers;
  for (int t = 0; t < 2 * kThreadsPerReplica; ++t) {
    EventStore& replica = t % 2 == 0 ? *a : *b;
    writers.emplace_back([&replica, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        absl::StatusOr<AppendResult> result = replica.Append(OneStream(
            absl::StrCat("S", i % 3), ExpectedRevision::Any(), {MakeEvent(absl::StrCat(t, "-", i))}));
        EXPECT_TRUE(result.ok()) << result.status();
      }
    });
  }
  for (std::thread& writer : writers) writer.join();

  constexpr size_t kTotal = 2 * kThreadsPerReplica * kAppendsPerThread;
  for (EventStore* replica : {a.get(), b.get()}) {
    absl::StatusOr<std::vector<RecordedEvent>> log = replica->ReadLog({1, "", {}, 10000});
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_EQ(log->size(), kTotal);
    std::set<std::string> ids;
    for (size_t i = 0; i < log->size(); ++i) {
      EXPECT_EQ((*log)[i].position, i + 1);
      ids.insert((*log)[i].data.event_id);
      if (i > 0) {
        EXPECT_GE((*log)[i].recorded_time_us, (*log)[i - 1].recorded_time_us);
      }
    }
    EXPECT_EQ(ids.size(), kTotal);  // Each event once.
    absl::StatusOr<VerifyResult> verified = replica->VerifyChain();
    ASSERT_TRUE(verified.ok()) << verified.status();
    EXPECT_TRUE(verified->ok()) << "first bad position " << verified->first_bad_position;
  }
}

TEST_F(ReplicasTest, AReaderOnOneReplicaSeesEveryCommitOfAnotherInOrder) {
  std::unique_ptr<EventStore> reader_side = Replica();
  std::unique_ptr<EventStore> writer_side = Replica();
  constexpr size_t kEvents = 200;
  std::vector<std::string> read;
  std::thread reader([&] { read = ReadEveryPosition(*reader_side, kEvents); });
  std::vector<std::string> written;
  for (size_t i = 0; i < kEvents; ++i) {
    written.push_back(absl::StrCat("e", i));
    ASSERT_TRUE(writer_side->Append(OneStream("KHM-USA", ExpectedRevision::Any(),
                                              {MakeEvent(written.back())}))
                    .ok());
  }
  reader.join();
  EXPECT_EQ(read, written);
}

// A transaction that holds the log's lock as a slow writer would (it has
// inserted the next position and not committed) keeps every replica from
// committing a later position until it ends; here it rolls back, and the
// next append takes the position it left.
TEST_F(ReplicasTest, ASlowUncommittedPositionHoldsBackLaterOnesAndLeavesNoGap) {
  std::unique_ptr<EventStore> store = Replica();
  PGconn* slow = PQconnectdb(database_.uri().c_str());
  ASSERT_EQ(PQstatus(slow), CONNECTION_OK) << PQerrorMessage(slow);
  PQclear(PQexec(slow, "BEGIN"));
  PQclear(PQexec(slow, absl::StrCat("SELECT pg_advisory_xact_lock(", postgresql::kAppendLock, ")")
                           .c_str()));
  PGresult* inserted = PQexec(slow,
                              "INSERT INTO chancery_events (position, event_id, stream, revision, "
                              "event_type, valid_time, recorded_time, payload, hash) VALUES "
                              "(1, 'slow', 'KHM-USA', 0, 'test.Event', 0, 0, '', '')");
  ASSERT_EQ(PQresultStatus(inserted), PGRES_COMMAND_OK) << PQerrorMessage(slow);
  PQclear(inserted);

  absl::Notification appended;
  absl::StatusOr<AppendResult> result = absl::UnknownError("not yet");
  std::thread writer([&] {
    result = store->Append(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("next")}));
    appended.Notify();
  });
  EXPECT_FALSE(appended.WaitForNotificationWithTimeout(absl::Milliseconds(500)));
  EXPECT_EQ(*store->HeadPosition(), 0u);  // Nothing is visible: no gap, no later position.
  PQclear(PQexec(slow, "ROLLBACK"));
  PQfinish(slow);
  writer.join();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->events[0].position, 1u);
  EXPECT_TRUE(store->VerifyChain()->ok());
}

}  // namespace
}  // namespace chancery::eventstore
