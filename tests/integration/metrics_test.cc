// The Prometheus metrics of a real chanceryd (--metrics-listen): every
// metric deploy/metrics.txt names is exposed and counts what was done; a
// port in use is a start-up error; a scrape left half-sent does not hold up
// shutdown.

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "chancery/v1/audit_service.grpc.pb.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/test_events.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

size_t AppendBody(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// Scrape returns the body of GET http://127.0.0.1:PORT/metrics.
std::string Scrape(int port) {
  std::string body;
  CURL* curl = curl_easy_init();
  const std::string url = absl::StrCat("http://127.0.0.1:", port, "/metrics");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  EXPECT_EQ(curl_easy_perform(curl), CURLE_OK);
  curl_easy_cleanup(curl);
  return body;
}

// Exposition: the families a scrape declares (# TYPE lines), and each
// sample's value by its name and labels as printed (`name{a="b"}`).
struct Exposition {
  std::set<std::string> families;
  std::map<std::string, double> samples;
};

Exposition Parse(const std::string& text) {
  Exposition parsed;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&line, "# TYPE ")) {
      parsed.families.emplace(line.substr(0, line.find(' ')));
    } else if (!absl::StartsWith(line, "#")) {
      const size_t space = line.rfind(' ');
      double value = 0;
      if (absl::SimpleAtod(line.substr(space + 1), &value)) {
        parsed.samples[std::string(line.substr(0, space))] = value;
      }
    }
  }
  return parsed;
}

// The port chanceryd printed: "chanceryd metrics on http://127.0.0.1:PORT/metrics".
int MetricsPort(const ChancerydProcess& server) {
  const std::string err = server.Stderr();
  const std::string marker = "metrics on http://127.0.0.1:";
  const size_t at = err.find(marker);
  if (at == std::string::npos) return 0;
  int port = 0;
  absl::SimpleAtoi(err.substr(at + marker.size(), err.find('/', at + marker.size()) -
                                                      (at + marker.size())),
                   &port);
  return port;
}

std::set<std::string> ListedMetrics() {
  std::ifstream file(std::string(CHANCERY_SOURCE_DIR) + "/deploy/metrics.txt");
  std::set<std::string> names;
  for (std::string line; std::getline(file, line);) {
    if (!line.empty() && line[0] != '#') names.insert(line);
  }
  return names;
}

TEST(MetricsTest, EveryListedMetricIsExposedAndCountsWhatWasDone) {
  TempDir dir;
  auto server = ChancerydProcess::Start(CHANCERYD_PATH, dir.File("chancery.db"),
                                        {"--metrics-listen=127.0.0.1:0"});
  ASSERT_NE(server, nullptr);
  const int port = MetricsPort(*server);
  ASSERT_NE(port, 0) << server->Stderr();
  auto channel = server->NewChannel();

  auto relations = v1::RelationsService::NewStub(channel);
  {
    grpc::ClientContext context;
    v1::RecordEventsRequest request;
    for (int n = 1; n <= 3; ++n) *request.add_events() = TestEvent(TestUuid(n), "USA", "KHM");
    v1::RecordEventsResponse response;
    ASSERT_TRUE(relations->RecordEvents(&context, request, &response).ok());
  }
  {
    grpc::ClientContext context;
    v1::RetractEventRequest request;
    request.set_event_id(TestUuid(1));
    request.set_reason("recorded twice");
    v1::RetractEventResponse response;
    grpc::Status retracted = relations->RetractEvent(&context, request, &response);
    ASSERT_TRUE(retracted.ok()) << retracted.error_message();
  }
  {
    grpc::ClientContext context;
    v1::CreateGroupRequest request;
    request.mutable_group()->set_name("watchers");
    request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
    request.set_start_after_position(0);
    v1::CreateGroupResponse response;
    ASSERT_TRUE(v1::SubscriptionGroupService::NewStub(channel)
                    ->CreateGroup(&context, request, &response)
                    .ok());
  }
  {
    grpc::ClientContext context;
    v1::VerifyLogResponse response;
    ASSERT_TRUE(
        v1::AuditService::NewStub(channel)->VerifyLog(&context, v1::VerifyLogRequest(), &response).ok());
  }
  // A log subscription, open while scraped, that has had its records.
  grpc::ClientContext subscription;
  auto reader = v1::EventLogService::NewStub(channel)->SubscribeLog(&subscription,
                                                                    v1::SubscribeLogRequest());
  v1::SubscribeLogResponse message;
  ASSERT_TRUE(reader->Read(&message));

  const Exposition scraped = Parse(Scrape(port));
  std::set<std::string> ours;
  for (const std::string& family : scraped.families) {
    if (!absl::StartsWith(family, "exposer_")) ours.insert(family);  // prometheus-cpp's own.
  }
  EXPECT_EQ(ours, ListedMetrics());

  const auto value = [&](const std::string& sample) {
    auto found = scraped.samples.find(sample);
    EXPECT_NE(found, scraped.samples.end()) << sample;
    return found == scraped.samples.end() ? -1 : found->second;
  };
  EXPECT_EQ(value("chancery_imported_events_total"), 3);
  EXPECT_EQ(value("chancery_retractions_total"), 1);
  EXPECT_EQ(value("chancery_store_head_position"), 4);  // Three events and a retraction.
  EXPECT_EQ(value("chancery_chain_verify_failures_total"), 0);
  EXPECT_EQ(value("chancery_group_lag_events{group=\"watchers\"}"), 4);
  EXPECT_EQ(value("chancery_subscriptions_open{kind=\"log\"}"), 1);
  EXPECT_GE(value("chancery_subscription_messages_delivered_total{kind=\"log\"}"), 1);
  EXPECT_EQ(value("chancery_projection_lag_events"), 0);
  EXPECT_EQ(value("chancery_projection_rebuild_progress_ratio"), 1);
  EXPECT_GE(value("chancery_store_commit_batch_events_sum"), 4);
  EXPECT_GE(value("chancery_store_commit_duration_seconds_count"), 2);
  EXPECT_GE(value("chancery_store_fsync_duration_seconds_count"), 2);  // --durability=full.
  EXPECT_GT(value("chancery_store_database_bytes"), 0);
  EXPECT_GT(value("chancery_store_disk_size_bytes"), value("chancery_store_disk_free_bytes"));
  const std::string record = "grpc_method=\"/chancery.v1.RelationsService/RecordEvents\"";
  EXPECT_EQ(value("grpc_server_call_started_total{" + record + "}"), 1);
  EXPECT_EQ(value("grpc_server_call_duration_seconds_count{" + record + ",grpc_status=\"OK\"}"), 1);
  EXPECT_GT(value("grpc_server_call_rcvd_total_compressed_message_size_bytes_sum{" + record +
                  ",grpc_status=\"OK\"}"),
            0);
  EXPECT_GT(value("grpc_server_call_sent_total_compressed_message_size_bytes_sum{" + record +
                  ",grpc_status=\"OK\"}"),
            0);

  subscription.TryCancel();
  (void)reader->Finish();
  EXPECT_EQ(server->Stop(SIGTERM), 0);
}

TEST(MetricsTest, APortInUseIsAStartUpErrorNamingTheFlag) {
  const int taken = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(taken, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(taken, 1), 0);
  socklen_t length = sizeof(address);
  getsockname(taken, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string flag = absl::StrCat("--metrics-listen=127.0.0.1:", ntohs(address.sin_port));

  TempDir dir;
  std::string err;
  EXPECT_EQ(RunChanceryd(CHANCERYD_PATH,
                         {"--listen=127.0.0.1:0", "--store=sqlite:" + dir.File("chancery.db"), flag},
                         &err),
            2);
  EXPECT_THAT(err, HasSubstr("cannot serve metrics on " + flag));
  close(taken);
}

TEST(MetricsTest, AScrapeLeftHalfSentDoesNotHoldUpShutdown) {
  TempDir dir;
  auto server = ChancerydProcess::Start(CHANCERYD_PATH, dir.File("chancery.db"),
                                        {"--metrics-listen=127.0.0.1:0"});
  ASSERT_NE(server, nullptr);
  const int port = MetricsPort(*server);
  ASSERT_NE(port, 0);
  const int scraper = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  ASSERT_EQ(connect(scraper, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string half = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // No blank line.
  ASSERT_EQ(write(scraper, half.data(), half.size()), static_cast<ssize_t>(half.size()));
  // A shutdown the scrape held up would be killed after a minute (137).
  EXPECT_EQ(server->Stop(SIGTERM), 0);
  close(scraper);
}

}  // namespace
}  // namespace chancery::testing
