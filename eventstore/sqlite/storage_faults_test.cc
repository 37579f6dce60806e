// Storage faults during appends, injected with the fault VFS: each is
// UNAVAILABLE, loses nothing acknowledged, leaves nothing of a failed
// request, turns the store's writability off, and once the fault clears the
// store commits again by itself. (full_disk_test.cc fills a real disk.)

#include <sqlite3.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_format.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/append_ledger.h"
#include "eventstore/testing/fault_vfs.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/writability_recorder.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::AppendLedger;
using ::chancery::testing::Fault;
using ::chancery::testing::FaultVfs;
using ::chancery::testing::FileOperation;
using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::ReopenedEventIds;
using ::chancery::testing::TempDir;
using ::chancery::testing::WritabilityRecorder;
using ::testing::AllOf;
using ::testing::HasSubstr;

class StorageFaultsTest : public ::testing::Test {
 protected:
  void TearDown() override { faults_.Clear(); }

  absl::StatusOr<std::unique_ptr<SqliteEventStore>> OpenStore() {
    SqliteStoreOptions options;
    options.path = path_;
    options.vfs = FaultVfs::kName;
    return SqliteEventStore::Open(options);
  }

  FaultVfs& faults_ = FaultVfs::Instance();
  TempDir dir_;
  std::string path_ = dir_.File("chancery.db");
};

struct FaultCase {
  const char* name;
  Fault fault;
};
void PrintTo(const FaultCase& fault_case, std::ostream* out) { *out << fault_case.name; }

class AppendFaultTest : public StorageFaultsTest,
                        public ::testing::WithParamInterface<FaultCase> {};

TEST_P(AppendFaultTest, IsUnavailableLosesNothingAndTheStoreRecoversByItself) {
  const Fault& fault = GetParam().fault;
  auto store = OpenStore();
  ASSERT_TRUE(store.ok()) << store.status();
  WritabilityRecorder writability;
  (*store)->SetWritabilityListener(writability.Listener());
  AppendLedger ledger;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(ledger.Append(**store).ok());

  faults_.Inject(fault);
  // Concurrent requests, so that some fail together in one group.
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      absl::Status failed = ledger.Append(**store);
      EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable) << failed;
      EXPECT_THAT(failed.message(), HasSubstr("sqlite:" + path_));
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_GT(faults_.Failures(fault.operation), 0) << "the fault was never met";
  ASSERT_TRUE(writability.WaitFor(false));
  EXPECT_EQ(writability.state().code(), absl::StatusCode::kUnavailable);

  // No append and no restart: the store's own probe finds commits work.
  faults_.Clear();
  ASSERT_TRUE(writability.WaitFor(true)) << writability.state();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(ledger.Append(**store).ok());

  store->reset();
  absl::StatusOr<std::set<std::string>> stored = ReopenedEventIds(path_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored, ledger.acknowledged());
  EXPECT_EQ(ledger.failed().size(), 4u * 3);
}

INSTANTIATE_TEST_SUITE_P(
    Faults, AppendFaultTest,
    ::testing::Values(
        FaultCase{"WriteError",
                  {FileOperation::kWrite, SQLITE_IOERR_WRITE, FaultVfs::kUntilCleared, "-wal"}},
        FaultCase{"FullDisk",
                  {FileOperation::kWrite, SQLITE_FULL, FaultVfs::kUntilCleared, "-wal"}},
        FaultCase{"FsyncError",
                  {FileOperation::kSync, SQLITE_IOERR_FSYNC, FaultVfs::kUntilCleared, "-wal"}},
        FaultCase{"LockError",
                  {FileOperation::kLock, SQLITE_IOERR_LOCK, FaultVfs::kUntilCleared, ""}}),
    [](const ::testing::TestParamInfo<FaultCase>& info) { return info.param.name; });

TEST_F(StorageFaultsTest, ALockHeldPastTheBusyTimeoutIsUnavailable) {
  auto store = OpenStore();
  ASSERT_TRUE(store.ok()) << store.status();
  AppendLedger ledger;
  ASSERT_TRUE(ledger.Append(**store).ok());
  faults_.Inject({FileOperation::kLock, SQLITE_BUSY, FaultVfs::kUntilCleared, ""});
  absl::Status failed = ledger.Append(**store);  // After the 5 s busy timeout.
  EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable) << failed;
  EXPECT_THAT(failed.message(), AllOf(HasSubstr("sqlite:" + path_), HasSubstr("locked")));
  faults_.Clear();
  ASSERT_TRUE(ledger.Append(**store).ok());
  store->reset();
  EXPECT_EQ(ReopenedEventIds(path_).value_or(std::set<std::string>{}), ledger.acknowledged());
}

TEST_F(StorageFaultsTest, ALockHeldBrieflyIsWaitedFor) {
  auto store = OpenStore();
  ASSERT_TRUE(store.ok()) << store.status();
  AppendLedger ledger;
  faults_.Inject({FileOperation::kLock, SQLITE_BUSY, 3, ""});
  EXPECT_TRUE(ledger.Append(**store).ok());
  EXPECT_EQ(faults_.Failures(FileOperation::kLock), 3);
}

// Faults that come and go while four threads append: every request is
// either acknowledged and kept whole, or UNAVAILABLE and absent.
TEST_F(StorageFaultsTest, UnderPassingFaultsEachRequestIsKeptWholeOrAbsent) {
  auto store = OpenStore();
  ASSERT_TRUE(store.ok()) << store.status();
  AppendLedger ledger;
  std::atomic<bool> stop{false};
  std::atomic<int> wrong_errors{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      while (!stop) {
        absl::Status outcome = ledger.Append(**store);
        if (!outcome.ok() && outcome.code() != absl::StatusCode::kUnavailable) ++wrong_errors;
      }
    });
  }
  const std::vector<Fault> passing = {
      {FileOperation::kWrite, SQLITE_IOERR_WRITE, 2, "-wal"},
      {FileOperation::kSync, SQLITE_IOERR_FSYNC, 1, "-wal"},
      {FileOperation::kWrite, SQLITE_FULL, 3, "-wal"},
      {FileOperation::kLock, SQLITE_IOERR_LOCK, 1, ""},
  };
  for (int round = 0; round < 20; ++round) {
    const Fault& fault = passing[round % passing.size()];
    faults_.Inject(fault);
    // Until the writers have met it (bounded: they append all the time).
    for (int wait = 0; wait < 10000 && faults_.Failures(fault.operation) < fault.times; ++wait) {
      absl::SleepFor(absl::Milliseconds(1));
    }
    if (faults_.Failures(fault.operation) < fault.times) {
      ADD_FAILURE() << "round " << round << ": the writers never met the fault";
      break;
    }
  }
  stop = true;
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(wrong_errors, 0);
  EXPECT_FALSE(ledger.failed().empty());
  EXPECT_FALSE(ledger.acknowledged().empty());

  store->reset();
  absl::StatusOr<std::set<std::string>> stored = ReopenedEventIds(path_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored, ledger.acknowledged());
}

// A read that fails inside a group of requests: SQLite rolls back the whole
// transaction, so each request of the group is UNAVAILABLE (rolling back to
// the failed request's savepoint alone would find none and answer INTERNAL).
TEST_F(StorageFaultsTest, AReadErrorInAGroupFailsEachOfItsRequestsUnavailable) {
  {
    // 2,000 streams over many index pages, most of them uncached after a reopen.
    auto store = OpenStore();
    ASSERT_TRUE(store.ok()) << store.status();
    AppendRequest streams;
    for (int i = 0; i < 2000; ++i) {
      streams.streams.push_back({absl::StrFormat("S%04d", i), ExpectedRevision::Any(),
                                 {MakeEvent(absl::StrCat("s", i))}});
    }
    ASSERT_TRUE((*store)->Append(std::move(streams)).ok());
  }
  auto store = OpenStore();
  ASSERT_TRUE(store.ok()) << store.status();
  // The writer waits in the first append's callback while two more queue up
  // behind it, so that those two commit as one group.
  absl::Notification writer_waits, go_on;
  (*store)->AppendAsync(OneStream("S0000", ExpectedRevision::Any(), {MakeEvent("first")}),
                        [&](absl::StatusOr<AppendResult> result) {
                          EXPECT_TRUE(result.ok()) << result.status();
                          writer_waits.Notify();
                          go_on.WaitForNotification();
                        });
  writer_waits.WaitForNotification();
  absl::BlockingCounter answered(2);
  std::vector<absl::Status> outcomes(2);
  for (int i = 0; i < 2; ++i) {
    (*store)->AppendAsync(
        OneStream(i == 0 ? "S1999" : "S1000", ExpectedRevision::Any(),
                  {MakeEvent(absl::StrCat("g", i))}),
        [&, i](absl::StatusOr<AppendResult> result) {
          outcomes[i] = result.status();
          answered.DecrementCount();
        });
  }
  faults_.Inject({FileOperation::kRead, SQLITE_IOERR_READ, FaultVfs::kUntilCleared, ""});
  go_on.Notify();
  answered.Wait();
  EXPECT_GT(faults_.Failures(FileOperation::kRead), 0) << "the fault was never met";
  for (const absl::Status& outcome : outcomes) {
    EXPECT_EQ(outcome.code(), absl::StatusCode::kUnavailable) << outcome;
  }
}

TEST_F(StorageFaultsTest, AFailedOpenNamesTheFile) {
  faults_.Inject({FileOperation::kOpen, SQLITE_CANTOPEN, FaultVfs::kUntilCleared, ".db"});
  absl::Status status = OpenStore().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("sqlite:" + path_), HasSubstr("unable to open database file")));
}

TEST_F(StorageFaultsTest, AnUnopenableWriteAheadLogNamesTheFile) {
  faults_.Inject({FileOperation::kOpen, SQLITE_IOERR, FaultVfs::kUntilCleared, "-wal"});
  absl::Status status = OpenStore().status();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_THAT(status.message(), HasSubstr("sqlite:" + path_));
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
