// chancery-migrate, run as a user runs it: a log that grew on SQLite moves
// into PostgreSQL record for record (positions, times, recorders, hashes),
// a stopped copy goes on where it stopped, and what cannot be copied is
// refused with its reason and exit code.

#include <sqlite3.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/read_file.h"
#include "services/chanceryd/testing/subprocess.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = eventstore::OpenEventStore(source_, eventstore::Durability::kFull);
    ASSERT_TRUE(store.ok()) << store.status();
    for (int i = 0; i < 30; ++i) {
      eventstore::EventData event = MakeEvent(absl::StrCat("e", i));
      event.recorded_by = i % 2 == 0 ? "ingest" : "";
      ASSERT_TRUE((*store)
                      ->Append(OneStream(i % 3 == 0 ? "KHM-USA" : "CHN-KHM",
                                         eventstore::ExpectedRevision::Any(), {event}))
                      .ok());
    }
  }

  Outcome Migrate(const std::string& from, const std::string& to) {
    const std::string out = dir_.File("out"), err = dir_.File("err");
    SpawnOptions options;
    options.stdout_path = out;
    options.stderr_path = err;
    pid_t pid = Spawn(CHANCERY_MIGRATE_PATH, {"--from=" + from, "--to=" + to}, options);
    const int exit_code = WaitWithDeadline(pid, absl::Minutes(2));
    Outcome run{exit_code, ReadFile(out), ReadFile(err)};
    CheckNoSanitizerReport("chancery-migrate", run.err);
    return run;
  }

  std::vector<eventstore::RecordedEvent> Log(const std::string& uri) {
    auto store = eventstore::OpenEventStore(uri, eventstore::Durability::kFull);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return {};
    return *(*store)->ReadLog({1, "", {}, 10000});
  }

  TempDir dir_;
  std::string source_ = "sqlite:" + dir_.File("chancery.db");
  TestDatabase destination_;
};

void ExpectSameRecords(const std::vector<eventstore::RecordedEvent>& copy,
                       const std::vector<eventstore::RecordedEvent>& source) {
  ASSERT_EQ(copy.size(), source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    EXPECT_EQ(copy[i].position, source[i].position);
    EXPECT_EQ(copy[i].stream, source[i].stream);
    EXPECT_EQ(copy[i].revision, source[i].revision);
    EXPECT_EQ(copy[i].data.event_id, source[i].data.event_id);
    EXPECT_EQ(copy[i].data.event_type, source[i].data.event_type);
    EXPECT_EQ(copy[i].data.payload, source[i].data.payload);
    EXPECT_EQ(copy[i].data.valid_time_us, source[i].data.valid_time_us);
    EXPECT_EQ(copy[i].data.recorded_by, source[i].data.recorded_by);
    EXPECT_EQ(copy[i].recorded_time_us, source[i].recorded_time_us);
    EXPECT_EQ(copy[i].hash, source[i].hash);
  }
}

TEST_F(MigrateTest, CopiesEveryRecordAsItIsAndTheCopyVerifies) {
  Outcome run = Migrate(source_, destination_.uri());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("copied 30 records (0 were there already)"));
  EXPECT_THAT(run.out, HasSubstr("verifies: 30 records, head "));
  ExpectSameRecords(Log(destination_.uri()), Log(source_));

  // The copy is a log like any other: it takes the next append at position 31.
  auto copy = eventstore::OpenEventStore(destination_.uri(), eventstore::Durability::kFull);
  ASSERT_TRUE(copy.ok());
  auto next = (*copy)->Append(OneStream("KHM-USA", eventstore::ExpectedRevision::Exactly(9),
                                        {MakeEvent("after the move")}));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->events[0].position, 31u);
  EXPECT_TRUE((*copy)->VerifyChain()->ok());
}

TEST_F(MigrateTest, ACopyThatStoppedGoesOnWhereItStopped) {
  ASSERT_EQ(Migrate(source_, destination_.uri()).exit_code, 0);
  {  // The source grows after a first copy, as a copy stopped part way leaves it.
    auto store = eventstore::OpenEventStore(source_, eventstore::Durability::kFull);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)
                    ->Append(OneStream("KHM-USA", eventstore::ExpectedRevision::Any(),
                                       {MakeEvent("later")}))
                    .ok());
  }
  Outcome run = Migrate(source_, destination_.uri());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("copied 1 records (30 were there already)"));
  ExpectSameRecords(Log(destination_.uri()), Log(source_));
}

TEST_F(MigrateTest, ADestinationHoldingAnotherLogIsRefused) {
  {
    auto other = eventstore::OpenEventStore(destination_.uri(), eventstore::Durability::kFull);
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)
                    ->Append(OneStream("FRA-USA", eventstore::ExpectedRevision::Any(),
                                       {MakeEvent("another log")}))
                    .ok());
  }
  Outcome run = Migrate(source_, destination_.uri());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("already holds 1 records that are not the first ones"));
  EXPECT_EQ(Log(destination_.uri()).size(), 1u);
}

TEST_F(MigrateTest, ASourceWhoseChainBreaksIsNotCopied) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("chancery.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET payload = 'rewritten' WHERE position = 12",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Outcome run = Migrate(source_, destination_.uri());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("the chain breaks at position 12"));
  EXPECT_TRUE(Log(destination_.uri()).empty());
}

TEST_F(MigrateTest, BadFlagsAndAnotherKindOfDestinationAreUsageErrors) {
  EXPECT_EQ(Migrate(source_, "sqlite:" + dir_.File("copy.db")).exit_code, 2);
  SpawnOptions options;
  options.stderr_path = dir_.File("err");
  pid_t pid = Spawn(CHANCERY_MIGRATE_PATH, {"--from=" + source_}, options);
  EXPECT_EQ(WaitWithDeadline(pid, absl::Minutes(1)), 2);
  EXPECT_THAT(ReadFile(dir_.File("err")), HasSubstr("both --from and --to are needed"));
}

}  // namespace
}  // namespace chancery::testing
