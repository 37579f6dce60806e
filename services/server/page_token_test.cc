#include "services/server/page_token.h"

#include "absl/strings/escaping.h"
#include "chancery/v1/event_log_service.pb.h"
#include "common/hmac.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

const std::string kSecret(32, 's');

absl::StatusOr<std::vector<int64_t>> Decode(const std::string& token,
                                            const std::string& fingerprint,
                                            const std::string& secret = kSecret) {
  return DecodePageToken(token, fingerprint, 1, secret);
}

TEST(PageTokenTest, RoundTripsForTheSameRequest) {
  v1::ReadLogRequest request;
  request.mutable_filter()->add_actor_codes("KHM");
  std::string fingerprint = RequestFingerprint(request);
  EXPECT_EQ(*DecodePageToken(EncodePageToken({1234, -5}, fingerprint, kSecret), fingerprint, 2,
                             kSecret),
            (std::vector<int64_t>{1234, -5}));
}

TEST(PageTokenTest, RefusesAnotherRequestsToken) {
  v1::ReadLogRequest a, b;
  a.mutable_filter()->add_actor_codes("KHM");
  b.mutable_filter()->add_actor_codes("USA");
  EXPECT_EQ(Decode(EncodePageToken({5}, RequestFingerprint(a), kSecret), RequestFingerprint(b))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, RefusesAnotherDatabasesToken) {
  EXPECT_EQ(Decode(EncodePageToken({5}, "f", std::string(32, 'o')), "f").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// The content changed, the MAC left as it was.
TEST(PageTokenTest, RefusesAnAlteredToken) {
  std::string bytes;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(EncodePageToken({5}, "f", kSecret), &bytes));
  ASSERT_EQ(bytes.substr(0, 5), "v2:5:");
  bytes[3] = '9';
  absl::Status status = Decode(absl::WebSafeBase64Escape(bytes), "f").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("start again without a token"), std::string::npos) << status;
}

TEST(PageTokenTest, RefusesATruncatedToken) {
  const std::string token = EncodePageToken({5}, "f", kSecret);
  for (size_t length = 0; length < token.size(); ++length) {
    EXPECT_EQ(Decode(token.substr(0, length), "f").status().code(),
              absl::StatusCode::kInvalidArgument)
        << length;
  }
}

TEST(PageTokenTest, RefusesGarbage) {
  for (const char* token : {"", "!!!", "djE6eDp5", "bm90IGEgdG9rZW4"}) {
    EXPECT_EQ(Decode(token, "f").status().code(), absl::StatusCode::kInvalidArgument) << token;
  }
}

// The content MACed right, but not what a token holds.
TEST(PageTokenTest, RefusesAnAuthenticTokenOfAnotherShape) {
  for (const std::string content : {"v2:x:f", "v1:5:f", "v2:5", "v2:5.6:f"}) {
    const std::string token = absl::WebSafeBase64Escape(content + HmacSha256(kSecret, content));
    EXPECT_EQ(Decode(token, "f").status().code(), absl::StatusCode::kInvalidArgument) << content;
  }
}

TEST(PageTokenTest, FingerprintsAreStable) {
  v1::ReadLogRequest request;
  request.set_start_position(7);
  // A constant: tokens must survive restarts and work across replicas.
  EXPECT_EQ(RequestFingerprint(request), RequestFingerprint(request));
  EXPECT_EQ(RequestFingerprint(v1::ReadLogRequest()), "cbf29ce484222325");
}

}  // namespace
}  // namespace chancery::server
