#include "services/server/page_token.h"

#include "chancery/v1/event_log_service.pb.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

TEST(PageTokenTest, RoundTripsForTheSameRequest) {
  v1::ReadLogRequest request;
  request.mutable_filter()->add_actor_codes("KHM");
  std::string fingerprint = RequestFingerprint(request);
  EXPECT_EQ(*DecodePageToken(EncodePageToken(1234, fingerprint), fingerprint), 1234);
}

TEST(PageTokenTest, RefusesAnotherRequestsToken) {
  v1::ReadLogRequest a, b;
  a.mutable_filter()->add_actor_codes("KHM");
  b.mutable_filter()->add_actor_codes("USA");
  absl::StatusOr<int64_t> next =
      DecodePageToken(EncodePageToken(5, RequestFingerprint(a)), RequestFingerprint(b));
  EXPECT_EQ(next.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(PageTokenTest, RefusesGarbage) {
  for (const char* token : {"", "!!!", "djE6eDp5", "bm90IGEgdG9rZW4"}) {
    EXPECT_EQ(DecodePageToken(token, "f").status().code(), absl::StatusCode::kInvalidArgument)
        << token;
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
