// chanceryd as an operator meets it: flags, start-up line, health,
// reflection, exit codes, and SIGTERM in the middle of appends.

#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "health/v1/health.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::MatchesRegex;

using ChancerydTest = ServerTest;

TEST_F(ChancerydTest, PrintsTheBoundPortAndThatItIsOpen) {
  std::vector<std::string> lines = absl::StrSplit(server_->Stderr(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "chanceryd listening on 127.0.0.1:" + std::to_string(server_->port()));
  EXPECT_EQ(lines[1],
            "chanceryd: plaintext, open: no --tokens, so every caller may record, retract and read");
}

TEST_F(ChancerydTest, ServesHealth) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(ChancerydTest, ServesReflection) {
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel_);
  grpc::ClientContext context;
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_THAT(services, IsSupersetOf({"chancery.v1.RelationsService", "chancery.v1.EventLogService",
                                      "grpc.health.v1.Health"}));
  EXPECT_TRUE(stream->Finish().ok());
}

// The soft limit on descriptors as /proc/PID/limits states it ("Max open files").
std::string OpenFilesLimits(pid_t pid) {
  std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
  std::string line;
  while (std::getline(limits, line)) {
    if (absl::StartsWith(line, "Max open files")) return line;
  }
  return "";
}

TEST_F(ChancerydTest, RaisesItsSoftDescriptorLimitToTheHardOne) {
  rlimit original{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &original), 0);
  if (original.rlim_max <= 256) GTEST_SKIP() << "the hard limit is already 256 or less";
  server_->Stop(SIGTERM);
  // chanceryd inherits a soft limit of 256 from its parent.
  rlimit low = original;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  StartServer();
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &original), 0);
  const std::vector<std::string> columns =
      absl::StrSplit(OpenFilesLimits(server_->pid()), ' ', absl::SkipEmpty());
  ASSERT_GE(columns.size(), 5u);
  EXPECT_EQ(columns[3], std::to_string(original.rlim_max));  // Soft.
  EXPECT_EQ(columns[4], std::to_string(original.rlim_max));  // Hard.
}

TEST_F(ChancerydTest, SigintAndSigtermExitZero) {
  EXPECT_EQ(server_->Stop(SIGINT), 0);
  StartServer();
  EXPECT_EQ(server_->Stop(SIGTERM), 0);
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: stopped"));
}

TEST_F(ChancerydTest, AcknowledgedAppendsSurviveASigtermInTheirMidst) {
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      auto stub = v1::RelationsService::NewStub(server_->NewChannel());
      for (int i = 0; !stop; ++i) {
        v1::RecordEventsRequest request;
        for (int k = 0; k < 10; ++k) *request.add_events() = TestEvent(TestUuid(i * 10 + k, t + 1));
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        v1::RecordEventsResponse response;
        if (!stub->RecordEvents(&context, request, &response).ok()) return;
        std::lock_guard<std::mutex> lock(mutex);
        for (const auto& result : response.results()) acknowledged.push_back(result.event_id());
      }
    });
  }
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(server_->Stop(SIGTERM), 0);
  stop = true;
  for (std::thread& writer : writers) writer.join();
  ASSERT_FALSE(acknowledged.empty());

  StartServer();
  std::set<std::string> stored;
  for (const v1::LogRecord& record : ReadWholeLog()) stored.insert(record.event().event_id());
  for (const std::string& id : acknowledged) EXPECT_TRUE(stored.count(id)) << "lost " << id;
}

TEST(ChancerydFlagsTest, HelpExitsZero) {
  std::string err;
  EXPECT_EQ(RunChanceryd(CHANCERYD_PATH, {"--help"}, &err), 0);
}

TEST(ChancerydFlagsTest, ABadFlagIsOneLineAndExitTwo) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--frobnicate=1"},
                                             {"--durability=sometimes"},
                                             {"--listen=localhost"},
                                             {"--store=mysql://x"},
                                             {"positional"}}) {
    std::string err;
    EXPECT_EQ(RunChanceryd(CHANCERYD_PATH, args, &err), 2) << args[0];
    EXPECT_THAT(err, MatchesRegex("chanceryd: [^\n]+\n")) << args[0];
  }
}

TEST(ChancerydFlagsTest, AnUnusableStoreIsExitTwoBeforeListening) {
  TempDir dir;
  std::string err;
  EXPECT_EQ(RunChanceryd(CHANCERYD_PATH, {"--listen=127.0.0.1:0", "--store=sqlite:" + dir.File("missing/x.db")}, &err),
            2);
  EXPECT_THAT(err, HasSubstr("does not exist"));
  EXPECT_THAT(err, ::testing::Not(HasSubstr("listening")));
}

TEST(ChancerydFlagsTest, APortInUseIsExitTwo) {
  TempDir dir;
  auto first = ChancerydProcess::Start(CHANCERYD_PATH, dir.File("a.db"));
  ASSERT_NE(first, nullptr);
  std::string err;
  EXPECT_EQ(RunChanceryd(CHANCERYD_PATH, {"--listen=" + first->address(), "--store=sqlite:" + dir.File("b.db")}, &err),
            2);
  EXPECT_THAT(err, HasSubstr("cannot listen on " + first->address()));
}

}  // namespace
}  // namespace chancery::testing
