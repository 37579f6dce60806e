#include "services/server/rpc_status.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <grpcpp/support/error_details.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "services/domain/text.h"

namespace chancery::server {
namespace {

using ::testing::HasSubstr;

TEST(BadRequestOfTest, KeepsViolationsInOrder) {
  domain::Violations violations("events");
  violations.Add("events[0].cameo_code", "bad code");
  violations.Add("events[1].occur_date", "bad date");
  const google::rpc::BadRequest bad = BadRequestOf(violations);
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "events[0].cameo_code");
  EXPECT_EQ(bad.field_violations(0).description(), "bad code");
  EXPECT_EQ(bad.field_violations(1).field(), "events[1].occur_date");
}

TEST(BadRequestOfTest, CountsWhatDoesNotFitTheBudgetOnTheScope) {
  domain::Violations violations("events");
  for (int i = 0; i < 10; ++i) {
    violations.Add(absl::StrCat("events[", i, "].cameo_code"), std::string(20, 'x'));
  }
  const google::rpc::BadRequest bad = BadRequestOf(violations, /*byte_budget=*/100);
  ASSERT_EQ(bad.field_violations_size(), 3);  // Two of ~48 bytes fit in 100, then the count.
  EXPECT_EQ(bad.field_violations(1).field(), "events[1].cameo_code");
  EXPECT_EQ(bad.field_violations(2).field(), "events");
  EXPECT_EQ(bad.field_violations(2).description(),
            "8 more violations not listed; fix those above and send the request again to see "
            "them");
}

TEST(BadRequestOfTest, OnceOneIsDroppedLaterSmallOnesAreDroppedToo) {
  domain::Violations violations;
  violations.Add("a", std::string(50, 'x'));
  violations.Add("b", "short");
  const google::rpc::BadRequest bad = BadRequestOf(violations, /*byte_budget=*/40);
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "request");
  EXPECT_EQ(bad.field_violations(0).description(),
            "2 more violations not listed; fix those above and send the request again to see "
            "them");
}

TEST(BadRequestOfTest, ThousandsOfViolationsFitInErrorMetadata) {
  domain::Violations violations("events");
  for (int i = 0; i < 2000; ++i) {
    violations.Add(absl::StrCat("events[", i / 2, "].cameo_code"),
                   "\"999\" is not a CAMEO code of the codebook; see cameo_codebook");
  }
  const google::rpc::BadRequest bad = BadRequestOf(violations);
  EXPECT_LE(bad.ByteSizeLong(), kViolationBytes + 200);
  ASSERT_GT(bad.field_violations_size(), 10);
  const int kept = bad.field_violations_size() - 1;
  EXPECT_EQ(bad.field_violations(kept).field(), "events");
  EXPECT_THAT(bad.field_violations(kept).description(),
              HasSubstr(absl::StrCat(domain::WithThousands(2000 - kept), " more violations")));
}

TEST(RpcStatusTest, ViolationsAreInvalidArgumentNamingTheFirstFew) {
  domain::Violations violations;
  for (int i = 0; i < 5; ++i) violations.Add(absl::StrCat("field", i), "is bad");
  const grpc::Status status = RpcStatus(violations);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "invalid request: field0: is bad; field1: is bad; field2: is bad; and 2 more (see "
            "the BadRequest detail)");
  google::rpc::Status rich;
  ASSERT_TRUE(grpc::ExtractErrorDetails(status, &rich).ok());
  google::rpc::BadRequest bad;
  ASSERT_EQ(rich.details_size(), 1);
  ASSERT_TRUE(rich.details(0).UnpackTo(&bad));
  EXPECT_EQ(bad.field_violations_size(), 5);
}

TEST(RpcStatusTest, UnavailableTellsWhenToRetry) {
  const grpc::Status status = RpcStatus(absl::UnavailableError("the disk is full"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "the disk is full");
  google::rpc::Status rich;
  ASSERT_TRUE(grpc::ExtractErrorDetails(status, &rich).ok());
  google::rpc::RetryInfo retry;
  ASSERT_EQ(rich.details_size(), 1);
  ASSERT_TRUE(rich.details(0).UnpackTo(&retry));
  EXPECT_EQ(retry.retry_delay().seconds(), 1);
}

TEST(RpcStatusTest, OtherCodesCarryTheirMessageOnly) {
  const grpc::Status status = RpcStatus(absl::NotFoundError("no such event"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "no such event");
  EXPECT_TRUE(status.error_details().empty());
  EXPECT_TRUE(RpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace chancery::server
