// Page tokens cannot be forged: an altered token, one of another database,
// and one MACed right (with the secret, read from the file) but holding
// values a request could not are each INVALID_ARGUMENT naming page_token.

#include <csignal>
#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/hmac.h"
#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"
#include "tests/support/store_secret.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// The content of a token ("v2:values:fingerprint"), without its MAC.
std::string ContentOf(const std::string& token) {
  std::string bytes;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(token, &bytes));
  EXPECT_GT(bytes.size(), kMacSize);
  return bytes.substr(0, bytes.size() - kMacSize);
}

// A token of `values` for the request `issued` was issued for, MACed with
// `secret`: what a forger holding the secret could make.
std::string SignedToken(const std::string& issued, const std::string& values,
                        const std::string& secret) {
  const std::vector<std::string> parts = absl::StrSplit(ContentOf(issued), ':');
  EXPECT_EQ(parts.size(), 3u);
  const std::string content = absl::StrCat("v2:", values, ":", parts.back());
  return absl::WebSafeBase64Escape(content + HmacSha256(secret, content));
}

class PageTokenAuthTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-01-10"),
                        TestEvent(TestUuid(2), "CHN", "KHM", "042", "2019-01-11"),
                        TestEvent(TestUuid(3), "USA", "KHM", "163", "2019-01-12"),
                        TestEvent(TestUuid(4), "VNM", "KHM", "042", "2019-01-13")})
                    .ok());
  }

  grpc::Status ReadLog(const std::string& token, v1::ReadLogResponse* response) {
    v1::ReadLogRequest request;
    request.set_page_size(1);
    request.set_page_token(token);
    grpc::ClientContext context;
    return event_log_->ReadLog(&context, request, response);
  }
  grpc::Status ReadStream(const std::string& token, v1::ReadStreamResponse* response) {
    v1::ReadStreamRequest request;
    request.set_stream("KHM-USA");
    request.set_page_size(1);
    request.set_page_token(token);
    grpc::ClientContext context;
    return event_log_->ReadStream(&context, request, response);
  }
  grpc::Status List(const std::string& token, v1::ListRelationshipsResponse* response) {
    v1::ListRelationshipsRequest request;
    request.set_page_size(1);
    *request.mutable_as_of_date() = Date("2019-02-01");
    request.set_page_token(token);
    grpc::ClientContext context;
    return relations_->ListRelationships(&context, request, response);
  }
  grpc::Status Timeline(const std::string& token, v1::GetTimelineResponse* response) {
    v1::GetTimelineRequest request;
    request.set_dyad("KHM-USA");
    request.set_page_size(1);
    request.set_page_token(token);
    grpc::ClientContext context;
    return relations_->GetTimeline(&context, request, response);
  }

  static void ExpectRefused(const grpc::Status& status) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(BadFields(status), ElementsAre("page_token"));
    EXPECT_THAT(status.error_message(), HasSubstr("start again without a token"));
  }
};

TEST_F(PageTokenAuthTest, IssuedTokensPageThroughTheLog) {
  std::vector<uint64_t> positions;
  std::string token;
  do {
    v1::ReadLogResponse response;
    ASSERT_TRUE(ReadLog(token, &response).ok());
    for (const auto& record : response.records()) positions.push_back(record.position());
    token = response.next_page_token();
  } while (!token.empty());
  EXPECT_EQ(positions, (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST_F(PageTokenAuthTest, AnAlteredTokenIsRefused) {
  v1::ReadLogResponse first;
  ASSERT_TRUE(ReadLog("", &first).ok());
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(first.next_page_token(), &bytes));
  ASSERT_EQ(bytes.substr(0, 5), "v2:2:");
  bytes[3] = '3';  // The next position; the MAC left as it was.
  v1::ReadLogResponse response;
  ExpectRefused(ReadLog(absl::WebSafeBase64Escape(bytes), &response));
  ExpectRefused(ReadLog(first.next_page_token().substr(0, 20), &response));  // Truncated.
}

TEST_F(PageTokenAuthTest, AnotherDatabasesTokenIsRefused) {
  v1::ReadLogResponse first;
  ASSERT_TRUE(ReadLog("", &first).ok());
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  ReplaceStoreSecret(db_path_);  // The same log, another secret.
  StartServer();
  v1::ReadLogResponse response;
  ExpectRefused(ReadLog(first.next_page_token(), &response));
}

// MACed with the database's own secret, so only the range checks stand
// between these values and the read.
TEST_F(PageTokenAuthTest, AuthenticTokensWithValuesOutOfRangeAreRefused) {
  const std::string secret = ReadStoreSecret(db_path_);
  v1::ReadLogResponse log;
  ASSERT_TRUE(ReadLog("", &log).ok());
  v1::ReadLogResponse log_page;
  EXPECT_TRUE(ReadLog(SignedToken(log.next_page_token(), "3", secret), &log_page).ok());
  ExpectRefused(ReadLog(SignedToken(log.next_page_token(), "0", secret), &log_page));
  ExpectRefused(ReadLog(SignedToken(log.next_page_token(), "-1", secret), &log_page));

  v1::ReadStreamResponse stream;
  ASSERT_TRUE(ReadStream("", &stream).ok());
  v1::ReadStreamResponse stream_page;
  EXPECT_TRUE(ReadStream(SignedToken(stream.next_page_token(), "1", secret), &stream_page).ok());
  ExpectRefused(ReadStream(SignedToken(stream.next_page_token(), "-1", secret), &stream_page));

  // ListRelationships: as of a day, known at a position, from an offset.
  v1::ListRelationshipsResponse list;
  ASSERT_TRUE(List("", &list).ok());
  ASSERT_FALSE(list.next_page_token().empty());
  const std::vector<std::string> parts = absl::StrSplit(ContentOf(list.next_page_token()), ':');
  ASSERT_EQ(parts.size(), 3u);
  const std::vector<std::string> issued = absl::StrSplit(parts[1], '.');
  ASSERT_EQ(issued.size(), 3u);
  EXPECT_EQ(issued[1], "4");
  const std::string& day = issued[0];
  v1::ListRelationshipsResponse list_page;
  EXPECT_TRUE(List(SignedToken(list.next_page_token(), absl::StrCat(day, ".4.1"), secret),
                   &list_page)
                  .ok());
  // The year 5,881,580.
  ExpectRefused(List(SignedToken(list.next_page_token(), absl::StrCat(INT32_MAX, ".4.1"), secret),
                     &list_page));
  ExpectRefused(List(SignedToken(list.next_page_token(), absl::StrCat(day, ".5.1"), secret),
                     &list_page));  // Past the head.
  ExpectRefused(List(SignedToken(list.next_page_token(), absl::StrCat(day, ".4.-1"), secret),
                     &list_page));

  // GetTimeline: known at a position, from an offset.
  v1::GetTimelineResponse timeline;
  ASSERT_TRUE(Timeline("", &timeline).ok());
  ASSERT_FALSE(timeline.next_page_token().empty());
  v1::GetTimelineResponse timeline_page;
  EXPECT_TRUE(Timeline(SignedToken(timeline.next_page_token(), "4.1", secret), &timeline_page).ok());
  ExpectRefused(Timeline(SignedToken(timeline.next_page_token(), absl::StrCat(INT64_MAX, ".1"),
                                     secret),
                         &timeline_page));
  ExpectRefused(
      Timeline(SignedToken(timeline.next_page_token(), "-1.1", secret), &timeline_page));
}

}  // namespace
}  // namespace chancery::testing
