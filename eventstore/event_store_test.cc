#include "eventstore/event_store.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <optional>
#include <set>
#include <thread>

#include "absl/synchronization/blocking_counter.h"
#include "absl/time/clock.h"
#include "eventstore/hash_chain.h"
#include "eventstore/open_event_store.h"
#include "eventstore/postgresql/schema.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Every rule of the EventStore interface, for each backend.

namespace chancery::eventstore {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TempDir;
using ::chancery::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

enum class Backend { kSqlite, kPostgresql };

std::vector<uint64_t> Positions(const std::vector<RecordedEvent>& events) {
  std::vector<uint64_t> positions;
  for (const RecordedEvent& event : events) positions.push_back(event.position);
  return positions;
}

std::vector<int64_t> Revisions(const std::vector<RecordedEvent>& events) {
  std::vector<int64_t> revisions;
  for (const RecordedEvent& event : events) revisions.push_back(event.revision);
  return revisions;
}

// WriteLock: another connection holding the lock that the store's writer
// takes to commit, until it is destroyed.
class WriteLock {
 public:
  virtual ~WriteLock() = default;
};

class SqliteWriteLock final : public WriteLock {
 public:
  explicit SqliteWriteLock(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~SqliteWriteLock() override {
    EXPECT_EQ(sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

class PostgresqlWriteLock final : public WriteLock {
 public:
  explicit PostgresqlWriteLock(const std::string& uri) : connection_(PQconnectdb(uri.c_str())) {
    PGresult* locked = PQexec(
        connection_, absl::StrCat("SELECT pg_advisory_lock(", postgresql::kAppendLock, ")").c_str());
    EXPECT_EQ(PQresultStatus(locked), PGRES_TUPLES_OK) << PQerrorMessage(connection_);
    PQclear(locked);
  }
  ~PostgresqlWriteLock() override { PQfinish(connection_); }

 private:
  PGconn* connection_;
};

class EventStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) {
      database_.emplace();
      uri_ = database_->uri();
    } else {
      uri_ = "sqlite:" + dir_.File("chancery.db");
    }
    Reopen();
  }

  void Reopen(Durability durability = Durability::kFull) {
    store_.reset();
    auto store = OpenEventStore(uri_, durability);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  std::unique_ptr<WriteLock> HoldWriteLock() {
    if (GetParam() == Backend::kPostgresql) return std::make_unique<PostgresqlWriteLock>(uri_);
    return std::make_unique<SqliteWriteLock>(dir_.File("chancery.db"));
  }

  AppendResult MustAppend(AppendRequest request) {
    absl::StatusOr<AppendResult> result = store_->Append(std::move(request));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : AppendResult{};
  }

  std::vector<RecordedEvent> WholeLog() {
    auto events = store_->ReadLog({});
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<RecordedEvent>{};
  }

  TempDir dir_;
  std::optional<TestDatabase> database_;
  std::string uri_;
  std::unique_ptr<EventStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgresql";
                         });

TEST_P(EventStoreTest, AppendsABatchWithGaplessPositionsAndRevisionsFromZero) {
  AppendResult first = MustAppend(OneStream("KHM-USA", ExpectedRevision::NoStream(),
                                            {MakeEvent("a"), MakeEvent("b")}));
  AppendResult second = MustAppend(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent("c")}));
  AppendResult third = MustAppend(OneStream("KHM-USA", ExpectedRevision::Exactly(1), {MakeEvent("d")}));
  ASSERT_EQ(first.events.size(), 2u);
  EXPECT_EQ(first.events[0].position, 1u);
  EXPECT_EQ(first.events[0].revision, 0);
  EXPECT_EQ(first.events[1].position, 2u);
  EXPECT_EQ(first.events[1].revision, 1);
  EXPECT_EQ(second.events[0].position, 3u);
  EXPECT_EQ(second.events[0].revision, 0);
  EXPECT_EQ(third.events[0].position, 4u);
  EXPECT_EQ(third.events[0].revision, 2);
  EXPECT_THAT(Positions(WholeLog()), ElementsAre(1, 2, 3, 4));
  EXPECT_EQ(*store_->HeadPosition(), 4u);
}

TEST_P(EventStoreTest, StoresEveryFieldAndBothTimes) {
  const absl::Time before = absl::Now();
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(),
                       {{"id-1", "test.Letter", std::string("bytes\0with nul", 14), -5364662400000000}}));
  std::vector<RecordedEvent> log = WholeLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].stream, "KHM-USA");
  EXPECT_EQ(log[0].data.event_id, "id-1");
  EXPECT_EQ(log[0].data.event_type, "test.Letter");
  EXPECT_EQ(log[0].data.payload, std::string("bytes\0with nul", 14));
  EXPECT_EQ(log[0].data.valid_time_us, -5364662400000000);  // 1800-01-01.
  EXPECT_GE(log[0].recorded_time_us, absl::ToUnixMicros(before));
  EXPECT_LE(log[0].recorded_time_us, absl::ToUnixMicros(absl::Now()));
  EXPECT_EQ(log[0].hash, ChainHash(GenesisHash(), log[0]));
}

TEST_P(EventStoreTest, ReadEventFindsAnEventById) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a"), MakeEvent("b")}));
  absl::StatusOr<RecordedEvent> event = store_->ReadEvent("b");
  ASSERT_TRUE(event.ok()) << event.status();
  EXPECT_EQ(event->position, 2u);
  EXPECT_EQ(event->stream, "KHM-USA");
  EXPECT_EQ(store_->ReadEvent("c").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(EventStoreTest, ReadLogKeepsTheEventTypesAndStreamPrefixAsked) {
  auto typed = [](std::string id, std::string type) {
    EventData event = MakeEvent(std::move(id));
    event.event_type = std::move(type);
    return event;
  };
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(),
                       {typed("a", "t.One"), typed("b", "t.Two"), typed("c", "t.Three")}));
  MustAppend(OneStream("DEU-FRA", ExpectedRevision::Any(), {typed("d", "t.One")}));
  auto ids = [&](LogReadOptions options) {
    std::vector<std::string> read;
    absl::StatusOr<std::vector<RecordedEvent>> events = store_->ReadLog(options);
    EXPECT_TRUE(events.ok()) << events.status();
    if (events.ok()) {
      for (const RecordedEvent& event : *events) read.push_back(event.data.event_id);
    }
    return read;
  };
  EXPECT_THAT(ids({1, "", {"t.One", "t.Three"}}), ::testing::ElementsAre("a", "c", "d"));
  EXPECT_THAT(ids({1, "KHM", {"t.One", "t.Three"}}), ::testing::ElementsAre("a", "c"));
  EXPECT_THAT(ids({2, "", {"t.One"}}), ::testing::ElementsAre("d"));
  EXPECT_THAT(ids({1, "", {"t.None"}}), ::testing::IsEmpty());
}

TEST_P(EventStoreTest, ReadPositionsReadsManyInPositionOrderEachOnce) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(),
                       {MakeEvent("a"), MakeEvent("b"), MakeEvent("c"), MakeEvent("d")}));
  const std::vector<RecordedEvent> log = WholeLog();
  absl::StatusOr<std::vector<RecordedEvent>> read = store_->ReadPositions({4, 2, 4, 99, 1});
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 3u);  // 99 is not in the log; 4 is read once.
  const size_t expected[] = {0, 1, 3};  // Indexes into the log.
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*read)[i].position, log[expected[i]].position);
    EXPECT_EQ((*read)[i].hash, log[expected[i]].hash);
    EXPECT_EQ((*read)[i].data.payload, log[expected[i]].data.payload);
  }
  absl::StatusOr<std::vector<RecordedEvent>> none = store_->ReadPositions({});
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
}

TEST_P(EventStoreTest, ReadPositionsReadsAWholePageAtOnce) {
  std::vector<EventData> events;
  for (int i = 0; i < 300; ++i) events.push_back(MakeEvent(absl::StrCat("event-", i)));
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), std::move(events)));
  std::vector<uint64_t> positions;
  for (uint64_t position = 300; position > 0; --position) positions.push_back(position);
  absl::StatusOr<std::vector<RecordedEvent>> read = store_->ReadPositions(positions);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 300u);
  for (size_t i = 0; i < read->size(); ++i) EXPECT_EQ((*read)[i].position, i + 1);
}

TEST_P(EventStoreTest, ScanLogViewsEventsInOrderAndStopsWhenAsked) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(),
                       {MakeEvent("a"), MakeEvent("b"), MakeEvent("c")}));
  const std::vector<RecordedEvent> log = WholeLog();
  std::vector<uint64_t> positions;
  absl::StatusOr<size_t> visited = store_->ScanLog(2, 10, [&](const RecordedEventView& event) {
    positions.push_back(event.position);
    EXPECT_EQ(event.hash, log[event.position - 1].hash);
    EXPECT_EQ(event.payload, log[event.position - 1].data.payload);
    EXPECT_EQ(event.stream, "KHM-USA");
    return true;
  });
  ASSERT_TRUE(visited.ok()) << visited.status();
  EXPECT_EQ(*visited, 2u);
  EXPECT_THAT(positions, ElementsAre(2, 3));
  visited = store_->ScanLog(1, 10, [](const RecordedEventView&) { return false; });
  EXPECT_EQ(*visited, 1u);
}

TEST_P(EventStoreTest, NoStreamConflictsOnAnExistingStream) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a")}));
  auto result = store_->Append(OneStream("KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("b")}));
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ConflictCurrentRevision(result.status()), 0);
  EXPECT_EQ(WholeLog().size(), 1u);
}

TEST_P(EventStoreTest, ExactConflictCarriesTheCurrentRevision) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a"), MakeEvent("b")}));
  auto stale = store_->Append(OneStream("KHM-USA", ExpectedRevision::Exactly(0), {MakeEvent("c")}));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ConflictCurrentRevision(stale.status()), 1);
  auto missing = store_->Append(OneStream("CHN-KHM", ExpectedRevision::Exactly(0), {MakeEvent("d")}));
  EXPECT_EQ(ConflictCurrentRevision(missing.status()), kNoStreamRevision);
  EXPECT_EQ(WholeLog().size(), 2u);
}

TEST_P(EventStoreTest, RetryWithTheSameContentReturnsTheOriginalPositions) {
  MustAppend(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent("x")}));
  AppendResult original =
      MustAppend(OneStream("KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("a"), MakeEvent("b")}));
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Exactly(1), {MakeEvent("c")}));
  // The same request again: its expected revision is stale, but it is a retry.
  AppendResult retry =
      MustAppend(OneStream("KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("a"), MakeEvent("b")}));
  ASSERT_EQ(retry.events.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(retry.events[i].duplicate);
    EXPECT_FALSE(original.events[i].duplicate);
    EXPECT_EQ(retry.events[i].position, original.events[i].position);
    EXPECT_EQ(retry.events[i].revision, original.events[i].revision);
  }
  EXPECT_EQ(WholeLog().size(), 4u);
}

TEST_P(EventStoreTest, KeepsWhoRecordedEachEventAndTheFirstRecorderOfARetry) {
  EventData event = MakeEvent("a");
  event.recorded_by = "ingest";
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {event, MakeEvent("b")}));
  // A retry by someone else is the same event: its first recorder stays.
  event.recorded_by = "other";
  EXPECT_TRUE(MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {event})).events[0].duplicate);
  std::vector<RecordedEvent> log = WholeLog();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].data.recorded_by, "ingest");
  EXPECT_EQ(log[1].data.recorded_by, "");
  EXPECT_EQ(log[0].hash, ChainHash(GenesisHash(), log[0]));
  EXPECT_EQ(log[1].hash, ChainHash(log[0].hash, log[1]));
}

TEST_P(EventStoreTest, KeepsEachEventsCorrelationAndCausationAndTheFirstOnesOfARetry) {
  EventData first = MakeEvent("a");
  first.correlation_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  EventData reaction = MakeEvent("b");
  reaction.recorded_by = "ingest";
  reaction.correlation_id = first.correlation_id;
  reaction.causation_id = "a";
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {first, reaction, MakeEvent("c")}));
  reaction.causation_id = "another";
  EXPECT_TRUE(
      MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {reaction})).events[0].duplicate);
  std::vector<RecordedEvent> log = WholeLog();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].data.correlation_id, first.correlation_id);
  EXPECT_EQ(log[0].data.causation_id, "");
  EXPECT_EQ(log[1].data.correlation_id, first.correlation_id);
  EXPECT_EQ(log[1].data.causation_id, "a");
  EXPECT_EQ(log[2].data.correlation_id, "");
  EXPECT_EQ(log[0].hash, ChainHash(GenesisHash(), log[0]));
  EXPECT_EQ(log[1].hash, ChainHash(log[0].hash, log[1]));
  EXPECT_EQ(log[2].hash, ChainHash(log[1].hash, log[2]));
  EXPECT_TRUE(store_->VerifyChain()->ok());
}

TEST_P(EventStoreTest, ABatchMixingStoredAndNewEventsWritesOnlyTheNew) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a")}));
  AppendResult mixed =
      MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a"), MakeEvent("b")}));
  EXPECT_TRUE(mixed.events[0].duplicate);
  EXPECT_EQ(mixed.events[0].position, 1u);
  EXPECT_FALSE(mixed.events[1].duplicate);
  EXPECT_EQ(mixed.events[1].position, 2u);
  EXPECT_EQ(mixed.events[1].revision, 1);
  EXPECT_THAT(Revisions(WholeLog()), ElementsAre(0, 1));
}

TEST_P(EventStoreTest, TheSameIdWithOtherContentIsRefused) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a", "one")}));
  auto other_payload =
      store_->Append(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("b"), MakeEvent("a", "two")}));
  EXPECT_EQ(other_payload.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(other_payload.status().message(), HasSubstr("event id a"));
  EXPECT_EQ(ReusedEventId(other_payload.status()), "a");
  auto other_stream = store_->Append(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent("a", "one")}));
  EXPECT_EQ(other_stream.status().code(), absl::StatusCode::kAlreadyExists);
  auto other_time = store_->Append(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a", "one", 7)}));
  EXPECT_EQ(other_time.status().code(), absl::StatusCode::kAlreadyExists);
  // Nothing of the refused requests was written, not even event b.
  EXPECT_THAT(Positions(WholeLog()), ElementsAre(1));
}

TEST_P(EventStoreTest, StreamNamesAndIdsOfAnyCharactersKeepTheirRevisions) {
  const std::string odd = "a\"b,c\\d{e} f'g";
  MustAppend(OneStream(odd, ExpectedRevision::NoStream(), {MakeEvent("x\"1,{}")}));
  MustAppend(OneStream(odd, ExpectedRevision::Exactly(0), {MakeEvent("x\\2")}));
  EXPECT_EQ(store_->Append(OneStream(odd, ExpectedRevision::Exactly(0), {MakeEvent("x3")}))
                .status()
                .code(),
            absl::StatusCode::kAborted);
  // A retry of the first is a duplicate, found by its id.
  AppendResult retry = MustAppend(OneStream(odd, ExpectedRevision::Any(), {MakeEvent("x\"1,{}")}));
  EXPECT_TRUE(retry.events[0].duplicate);
  EXPECT_EQ(retry.events[0].position, 1u);
  EXPECT_THAT(Revisions(*store_->ReadStream({odd, Direction::kForwards, 0, 10})),
              ElementsAre(0, 1));
}

TEST_P(EventStoreTest, AMultiStreamRequestIsAllOrNothing) {
  MustAppend(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent("a")}));
  AppendRequest request;
  request.streams.push_back({"KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("b")}});
  request.streams.push_back({"CHN-KHM", ExpectedRevision::NoStream(), {MakeEvent("c")}});
  EXPECT_EQ(store_->Append(request).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(WholeLog().size(), 1u);

  request.streams[1].expected = ExpectedRevision::Exactly(0);
  AppendResult result = MustAppend(request);
  EXPECT_EQ(result.events[0].position, 2u);
  EXPECT_EQ(result.events[1].position, 3u);
  EXPECT_EQ(result.events[1].revision, 1);
}

TEST_P(EventStoreTest, AFailedRequestInAGroupLeavesTheOthersCommitted) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("seed")}));
  // Queue many requests at once, every third one bound to conflict.
  constexpr int kRequests = 60;
  std::vector<absl::StatusOr<AppendResult>> results(kRequests, absl::UnknownError("unset"));
  absl::BlockingCounter done(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    ExpectedRevision expected = i % 3 == 0 ? ExpectedRevision::NoStream() : ExpectedRevision::Any();
    store_->AppendAsync(OneStream("KHM-USA", expected, {MakeEvent(absl::StrCat("e", i))}),
                        [&, i](absl::StatusOr<AppendResult> result) {
                          results[i] = std::move(result);
                          done.DecrementCount();
                        });
  }
  done.Wait();
  int committed = 0;
  for (int i = 0; i < kRequests; ++i) {
    if (i % 3 == 0) {
      EXPECT_EQ(results[i].status().code(), absl::StatusCode::kAborted) << i;
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].status();
      ++committed;
    }
  }
  std::vector<RecordedEvent> log = WholeLog();
  ASSERT_EQ(log.size(), committed + 1u);
  for (size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].position, i + 1);
    EXPECT_EQ(log[i].revision, static_cast<int64_t>(i));
  }
  EXPECT_TRUE(store_->VerifyChain()->ok());
}

TEST_P(EventStoreTest, ARequestPastItsDeadlineIsAnsweredAndNotAppended) {
  AppendRequest late = OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("late")});
  late.deadline = absl::Now() - absl::Seconds(1);
  absl::StatusOr<AppendResult> refused = store_->Append(late);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(refused.status().message(), HasSubstr("nothing of it was recorded"));

  AppendRequest in_time = OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("in time")});
  in_time.deadline = absl::Now() + absl::Minutes(1);
  EXPECT_EQ(MustAppend(in_time).events[0].position, 1u);
  std::vector<RecordedEvent> log = WholeLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].data.event_id, "in time");
}

// The writer remembers stream revisions between requests; a request rolled
// back inside a group must leave no trace in what it remembers.
TEST_P(EventStoreTest, ARolledBackRequestLeavesItsStreamsRevisionsUntouched) {
  MustAppend(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent("seed")}));
  std::unique_ptr<WriteLock> lock = HoldWriteLock();
  // Held back by the lock, the requests after the first (which the writer
  // may take alone, to wait for the lock with) commit in groups of several.
  AppendRequest failing;  // Writes KHM-USA, then conflicts on CHN-KHM.
  failing.streams.push_back({"KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("a")}});
  failing.streams.push_back({"CHN-KHM", ExpectedRevision::NoStream(), {MakeEvent("b")}});
  std::vector<AppendRequest> requests;
  requests.push_back(OneStream("FRA-KHM", ExpectedRevision::Any(), {MakeEvent("first")}));
  requests.push_back(std::move(failing));
  requests.push_back(OneStream("KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("c")}));
  requests.push_back(OneStream("KHM-USA", ExpectedRevision::Exactly(0), {MakeEvent("d")}));
  std::vector<absl::StatusOr<AppendResult>> results(4, absl::UnknownError("unset"));
  absl::BlockingCounter done(4);
  for (int i = 0; i < 4; ++i) {
    store_->AppendAsync(std::move(requests[i]), [&, i](absl::StatusOr<AppendResult> result) {
      results[i] = std::move(result);
      done.DecrementCount();
    });
  }
  absl::SleepFor(absl::Milliseconds(100));
  lock.reset();
  done.Wait();
  EXPECT_TRUE(results[0].ok()) << results[0].status();
  EXPECT_EQ(results[1].status().code(), absl::StatusCode::kAborted);
  ASSERT_TRUE(results[2].ok()) << results[2].status();
  EXPECT_EQ(results[2]->events[0].revision, 0);
  ASSERT_TRUE(results[3].ok()) << results[3].status();
  EXPECT_EQ(results[3]->events[0].revision, 1);
  // And in the next transaction too.
  AppendResult next = MustAppend(OneStream("KHM-USA", ExpectedRevision::Exactly(1), {MakeEvent("e")}));
  EXPECT_EQ(next.events[0].revision, 2);
  EXPECT_EQ(store_->Append(OneStream("KHM-USA", ExpectedRevision::Exactly(1), {MakeEvent("f")}))
                .status()
                .code(),
            absl::StatusCode::kAborted);
  EXPECT_TRUE(store_->VerifyChain()->ok());
}

TEST_P(EventStoreTest, AStreamInTwoPartsOfARequestCountsOn) {
  AppendRequest request;
  request.streams.push_back({"KHM-USA", ExpectedRevision::NoStream(), {MakeEvent("a")}});
  request.streams.push_back({"CHN-KHM", ExpectedRevision::Any(), {MakeEvent("b")}});
  request.streams.push_back({"KHM-USA", ExpectedRevision::Exactly(0), {MakeEvent("c"), MakeEvent("d")}});
  AppendResult result = MustAppend(request);
  ASSERT_EQ(result.events.size(), 4u);
  EXPECT_EQ(result.events[2].revision, 1);
  EXPECT_EQ(result.events[3].revision, 2);
  Reopen();  // A new writer reads the revision from the database.
  EXPECT_EQ(MustAppend(OneStream("KHM-USA", ExpectedRevision::Exactly(2), {MakeEvent("e")}))
                .events[0]
                .revision,
            3);
}

// While another connection holds the write lock, appends pile up; once it is
// released they must commit together, which shows as a shared recorded time.
TEST_P(EventStoreTest, ConcurrentAppendsShareOneTransaction) {
  std::unique_ptr<WriteLock> lock = HoldWriteLock();
  constexpr int kRequests = 50;
  absl::BlockingCounter done(kRequests);
  for (int i = 0; i < kRequests; ++i) {
    store_->AppendAsync(OneStream(absl::StrCat("S", i), ExpectedRevision::NoStream(),
                                  {MakeEvent(absl::StrCat("e", i))}),
                        [&](absl::StatusOr<AppendResult> result) {
                          EXPECT_TRUE(result.ok()) << result.status();
                          done.DecrementCount();
                        });
  }
  absl::SleepFor(absl::Milliseconds(100));
  lock.reset();
  done.Wait();
  std::set<int64_t> transactions;
  for (const RecordedEvent& event : WholeLog()) transactions.insert(event.recorded_time_us);
  EXPECT_EQ(WholeLog().size(), static_cast<size_t>(kRequests));
  EXPECT_LE(transactions.size(), 2u);  // The first request, then all the others.
}

TEST_P(EventStoreTest, RecordedTimeNeverDecreases) {
  for (int i = 0; i < 20; ++i) {
    MustAppend(OneStream("A", ExpectedRevision::Any(), {MakeEvent(absl::StrCat("e", i))}));
  }
  std::vector<RecordedEvent> log = WholeLog();
  for (size_t i = 1; i < log.size(); ++i) {
    EXPECT_GE(log[i].recorded_time_us, log[i - 1].recorded_time_us);
  }
}

TEST_P(EventStoreTest, ReadsAStreamForwardsAndBackwards) {
  for (int i = 0; i < 5; ++i) {
    MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent(absl::StrCat("u", i))}));
    MustAppend(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent(absl::StrCat("c", i))}));
  }
  auto forwards = store_->ReadStream({"KHM-USA", Direction::kForwards, 1, 3});
  ASSERT_TRUE(forwards.ok()) << forwards.status();
  EXPECT_THAT(Revisions(*forwards), ElementsAre(1, 2, 3));
  EXPECT_THAT(Positions(*forwards), ElementsAre(3, 5, 7));

  auto backwards = store_->ReadStream(
      {"KHM-USA", Direction::kBackwards, StreamReadOptions::kLatestRevision, 2});
  EXPECT_THAT(Revisions(*backwards), ElementsAre(4, 3));
  auto from_two = store_->ReadStream({"KHM-USA", Direction::kBackwards, 2, 10});
  EXPECT_THAT(Revisions(*from_two), ElementsAre(2, 1, 0));
  auto unknown = store_->ReadStream({"FRA-USA", Direction::kForwards, 0, 10});
  EXPECT_TRUE(unknown->empty());
}

TEST_P(EventStoreTest, ReadsTheLogFilteredByPrefixAndType) {
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent("a")}));
  MustAppend(OneStream("KHM", ExpectedRevision::Any(), {{"b", "test.Retraction", "", 0}}));
  MustAppend(OneStream("CHN-KHM", ExpectedRevision::Any(), {MakeEvent("c")}));
  MustAppend(OneStream("KHM-USA", ExpectedRevision::Any(), {{"d", "test.Retraction", "", 0}}));

  EXPECT_THAT(Positions(*store_->ReadLog({2, "", {}, 1000})), ElementsAre(2, 3, 4));
  EXPECT_THAT(Positions(*store_->ReadLog({1, "KHM", {}, 1000})), ElementsAre(1, 2, 4));
  EXPECT_THAT(Positions(*store_->ReadLog({1, "KHM-", {}, 1000})), ElementsAre(1, 4));
  EXPECT_THAT(Positions(*store_->ReadLog({1, "", {"test.Retraction"}, 1000})), ElementsAre(2, 4));
  EXPECT_THAT(Positions(*store_->ReadLog({1, "", {"test.Retraction", "test.Event"}, 1000})),
              ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(Positions(*store_->ReadLog({1, "KHM", {"test.Event"}, 1000})), ElementsAre(1));
  EXPECT_THAT(Positions(*store_->ReadLog({1, "", {}, 2})), ElementsAre(1, 2));
  EXPECT_TRUE(store_->ReadLog({5, "", {}, 10})->empty());
}

TEST_P(EventStoreTest, WaitForEventsIsWokenByTheWriter) {
  MustAppend(OneStream("A", ExpectedRevision::Any(), {MakeEvent("a")}));
  std::thread writer([&] {
    absl::SleepFor(absl::Milliseconds(50));
    MustAppend(OneStream("A", ExpectedRevision::Any(), {MakeEvent("b")}));
  });
  EXPECT_EQ(*store_->WaitForEvents(1, absl::Now() + absl::Seconds(30)), 2u);
  writer.join();
  EXPECT_EQ(*store_->WaitForEvents(2, absl::Now() + absl::Milliseconds(10)), 2u);
  EXPECT_EQ(*store_->WaitForEvents(0, absl::InfiniteFuture()), 2u);
}

TEST_P(EventStoreTest, EverythingSurvivesAReopenInEitherDurability) {
  for (Durability durability : {Durability::kFull, Durability::kNormal}) {
    Reopen(durability);
    uint64_t head = *store_->HeadPosition();
    AppendResult appended = MustAppend(
        OneStream("KHM-USA", ExpectedRevision::Any(), {MakeEvent(absl::StrCat("e", head))}));
    EXPECT_EQ(appended.events[0].position, head + 1);
    Reopen(durability);
    EXPECT_EQ(*store_->HeadPosition(), head + 1);
    EXPECT_EQ(WholeLog().size(), head + 1);
    EXPECT_TRUE(store_->VerifyChain()->ok());
  }
}

TEST_P(EventStoreTest, VerifyReturnsTheHeadHash) {
  VerifyResult empty = *store_->VerifyChain();
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.event_count, 0u);
  EXPECT_EQ(empty.head_hash, GenesisHash());

  MustAppend(OneStream("A", ExpectedRevision::Any(), {MakeEvent("a"), MakeEvent("b")}));
  VerifyResult verified = *store_->VerifyChain();
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.event_count, 2u);
  EXPECT_EQ(verified.head_hash, WholeLog().back().hash);
}

TEST_P(EventStoreTest, ShutdownCommitsEverythingAlreadySubmitted) {
  MustAppend(OneStream("A", ExpectedRevision::Any(), {MakeEvent("a")}));
  absl::BlockingCounter done(100);
  std::atomic<int> ok{0};
  for (int i = 0; i < 100; ++i) {
    store_->AppendAsync(OneStream("A", ExpectedRevision::Any(), {MakeEvent(absl::StrCat("q", i))}),
                        [&](absl::StatusOr<AppendResult> result) {
                          ok += result.ok();
                          done.DecrementCount();
                        });
  }
  store_.reset();  // Shutting down commits everything already submitted.
  done.Wait();
  EXPECT_EQ(ok.load(), 100);
  Reopen();
  EXPECT_EQ(WholeLog().size(), 101u);
}

TEST_P(EventStoreTest, RejectsAMalformedRequestBeforeQueueing) {
  auto result = store_->Append(OneStream("A", ExpectedRevision::Any(), {MakeEvent("")}));
  EXPECT_EQ(result.status(), absl::InvalidArgumentError("streams[0].events[0].event_id is empty"));
  EXPECT_TRUE(WholeLog().empty());
}

}  // namespace
}  // namespace chancery::eventstore
