// A real chanceryd whose storage fails under it: appends are UNAVAILABLE,
// gRPC health is NOT_SERVING while commits cannot succeed, and it is SERVING
// again by itself once they can; nothing acknowledged is lost, nothing
// refused appears.

#include <signal.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "gmock/gmock.h"
#include "health/v1/health.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::testing::AllOf;
using ::testing::HasSubstr;

class StorageFaultsTest : public ServerTest {
 protected:
  void SetUp() override {}  // Each test starts chanceryd where it needs it.

  HealthCheckResponse::ServingStatus Health() {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckRequest request;
    HealthCheckResponse response;
    grpc::Status status = health->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  // WaitUntilServing asks for health until it is SERVING (at most 30 s).
  HealthCheckResponse::ServingStatus WaitUntilServing() {
    for (int wait = 0; wait < 300 && Health() != HealthCheckResponse::SERVING; ++wait) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    return Health();
  }

  // Batch is `count` events with ids from `first`.
  static std::vector<v1::DiplomaticEvent> Batch(int first, int count) {
    std::vector<v1::DiplomaticEvent> events;
    for (int i = first; i < first + count; ++i) events.push_back(TestEvent(TestUuid(i)));
    return events;
  }

  std::set<std::string> StoredIds() {
    std::set<std::string> ids;
    for (const v1::LogRecord& record : ReadWholeLog()) ids.insert(record.event().event_id());
    return ids;
  }
};

TEST_F(StorageFaultsTest, NotServingWhileTheDatabaseFileIsAwayAndServingOnceItIsBack) {
  StartServer();
  ASSERT_TRUE(Record(Batch(0, 5)).ok());
  const std::string away = db_path_ + ".away";
  ASSERT_EQ(std::rename(db_path_.c_str(), away.c_str()), 0);

  grpc::Status refused = Record(Batch(5, 5));
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(refused.error_message(),
              AllOf(HasSubstr(db_path_), HasSubstr("was deleted or replaced")));
  // The server's own UNAVAILABLE says when to retry.
  EXPECT_EQ(Detail<google::rpc::RetryInfo>(refused).retry_delay().seconds(), 1);
  EXPECT_EQ(Health(), HealthCheckResponse::NOT_SERVING);

  ASSERT_EQ(std::rename(away.c_str(), db_path_.c_str()), 0);
  EXPECT_EQ(WaitUntilServing(), HealthCheckResponse::SERVING);
  ASSERT_TRUE(Record(Batch(10, 5)).ok());
  EXPECT_THAT(server_->Stderr(),
              AllOf(HasSubstr("chanceryd: health NOT_SERVING until the store commits again: "
                              "sqlite:" + db_path_),
                    HasSubstr("chanceryd: health SERVING: the store commits again")));

  std::set<std::string> expected;
  for (int i : {0, 1, 2, 3, 4, 10, 11, 12, 13, 14}) expected.insert(TestUuid(i));
  EXPECT_EQ(StoredIds(), expected);
}

// A real full disk: a 2 MiB tmpfs (needs the right to mount; skipped without).
TEST_F(StorageFaultsTest, NotServingOnAFullDiskUntilThereIsRoomAgain) {
  const std::string mount_point = dir_.File("small");
  std::filesystem::create_directory(mount_point);
  if (mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=2m") != 0) {
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
  }
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  db_path_ = mount_point + "/chancery.db";
  StartServer();

  std::set<std::string> acknowledged;
  grpc::Status failure;
  for (int batch = 0; batch < 1000; ++batch) {
    std::vector<v1::DiplomaticEvent> events = Batch(batch * 20, 20);
    for (v1::DiplomaticEvent& event : events) event.set_summary(std::string(1900, 'x'));
    failure = Record(events);
    if (!failure.ok()) break;
    for (const v1::DiplomaticEvent& event : events) acknowledged.insert(event.event_id());
  }
  ASSERT_FALSE(failure.ok()) << "2 MiB never filled";
  EXPECT_EQ(failure.error_code(), grpc::StatusCode::UNAVAILABLE) << failure.error_message();
  EXPECT_EQ(Health(), HealthCheckResponse::NOT_SERVING);

  ASSERT_EQ(mount("tmpfs", mount_point.c_str(), "tmpfs", MS_REMOUNT, "size=16m"), 0)
      << std::strerror(errno);
  EXPECT_EQ(WaitUntilServing(), HealthCheckResponse::SERVING);
  std::vector<v1::DiplomaticEvent> after = Batch(100000, 5);
  ASSERT_TRUE(Record(after).ok());
  for (const v1::DiplomaticEvent& event : after) acknowledged.insert(event.event_id());

  EXPECT_EQ(server_->Stop(SIGTERM), 0);
  StartServer();
  EXPECT_EQ(StoredIds(), acknowledged);
}

}  // namespace
}  // namespace chancery::testing
