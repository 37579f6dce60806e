// chanceryd's logs (--log-format, --log-calls, --slow-call) as a running
// server writes them: every line JSON when asked, a line per call with its
// method, peer, status, duration, request id (the caller's, sent back) and trace,
// slow calls as warnings, and never an event's content.

#include <signal.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/test_events.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

std::vector<google::protobuf::Struct> JsonLines(const std::string& text) {
  std::vector<google::protobuf::Struct> lines;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    google::protobuf::Struct parsed;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &parsed).ok())
        << "not a JSON object: " << line;
    lines.push_back(std::move(parsed));
  }
  return lines;
}

std::string Text(const google::protobuf::Struct& line, const std::string& field) {
  auto found = line.fields().find(field);
  return found == line.fields().end() ? "" : found->second.string_value();
}

// Record records one event over `channel` with `request_id` (and a W3C
// traceparent if `traced`), and returns the request id the server sent back.
std::string Record(const std::shared_ptr<grpc::Channel>& channel, const std::string& request_id,
                   bool traced = false) {
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", request_id);
  if (traced) context.AddMetadata("traceparent", kTestTraceParent);
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(TestUuid(7), "USA", "KHM");
  v1::RecordEventsResponse response;
  EXPECT_TRUE(v1::RelationsService::NewStub(channel)->RecordEvents(&context, request, &response).ok());
  auto sent = context.GetServerInitialMetadata().find("x-request-id");
  return sent == context.GetServerInitialMetadata().end()
             ? ""
             : std::string(sent->second.data(), sent->second.size());
}

TEST(LogsTest, EveryLineIsJsonAndEachCallHasOneWithItsRequestId) {
  TempDir dir;
  auto server = ChancerydProcess::Start(CHANCERYD_PATH, dir.File("chancery.db"),
                                        {"--log-format=json", "--log-calls"});
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(Record(server->NewChannel(), "trace-42", /*traced=*/true), "trace-42");
  EXPECT_EQ(server->Stop(SIGTERM), 0);

  const std::string err = server->Stderr();
  EXPECT_THAT(err, Not(HasSubstr(TestUuid(7))));  // No event content.
  const std::vector<google::protobuf::Struct> lines = JsonLines(err);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(Text(lines.front(), "message"), StartsWith("listening on 127.0.0.1:"));
  EXPECT_EQ(Text(lines.back(), "message"), "stopped");
  int calls = 0;
  for (const google::protobuf::Struct& line : lines) {
    EXPECT_FALSE(Text(line, "time").empty());
    if (Text(line, "message") != "call") continue;
    ++calls;
    EXPECT_EQ(Text(line, "level"), "info");
    EXPECT_EQ(Text(line, "method"), "/chancery.v1.RelationsService/RecordEvents");
    EXPECT_EQ(Text(line, "status"), "OK");
    EXPECT_EQ(Text(line, "request_id"), "trace-42");
    EXPECT_EQ(Text(line, "trace_id"), kTestTraceId);
    EXPECT_THAT(Text(line, "peer"), StartsWith("ipv4:127.0.0.1:"));
    EXPECT_GT(line.fields().at("duration_ms").number_value(), 0);
  }
  EXPECT_EQ(calls, 1);
}

TEST(LogsTest, ASlowCallIsAWarningWithoutLogCallsAndARequestIdIsMadeUp) {
  TempDir dir;
  auto server = ChancerydProcess::Start(CHANCERYD_PATH, dir.File("chancery.db"),
                                        {"--slow-call=1us"});
  ASSERT_NE(server, nullptr);
  // A request id the log would not carry (a space) is replaced by one made up.
  const std::string made_up = Record(server->NewChannel(), "not usable");
  EXPECT_EQ(made_up.size(), 16u);
  EXPECT_EQ(server->Stop(SIGTERM), 0);
  EXPECT_THAT(server->Stderr(),
              HasSubstr("chanceryd: slow call method=/chancery.v1.RelationsService/RecordEvents "
                        "peer=ipv4:127.0.0.1:"));
  EXPECT_THAT(server->Stderr(), HasSubstr("status=OK duration_ms="));
  EXPECT_THAT(server->Stderr(), HasSubstr("request_id=" + made_up));
  EXPECT_THAT(server->Stderr(), Not(HasSubstr("trace_id=")));  // The call had no traceparent.
}

}  // namespace
}  // namespace chancery::testing
