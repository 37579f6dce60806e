#include "services/server/call_limits.h"

#include <grpcpp/support/error_details.h>

#include "absl/time/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The RetryInfo delay of a refusal.
absl::Duration RetryDelay(const grpc::Status& status) {
  google::rpc::Status rich;
  EXPECT_TRUE(grpc::ExtractErrorDetails(status, &rich).ok());
  for (const auto& detail : rich.details()) {
    google::rpc::RetryInfo retry;
    if (detail.UnpackTo(&retry)) {
      return absl::Seconds(retry.retry_delay().seconds()) +
             absl::Nanoseconds(retry.retry_delay().nanos());
    }
  }
  ADD_FAILURE() << "no RetryInfo";
  return absl::ZeroDuration();
}

TEST(CallLimitsTest, ABurstOfOneSecondsRateThenRefusalsWithWhenToRetry) {
  CallLimits limits({/*write_calls_per_second=*/5, /*read_calls_per_second=*/0,
                     /*streams_per_caller=*/10});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limits.Admit("ingest", CallKind::kWrite).ok()) << i;
  grpc::Status refused = limits.Admit("ingest", CallKind::kWrite);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(),
              AllOf(HasSubstr("ingest made more than 5 write calls a second"),
                    HasSubstr("--write-rate")));
  const absl::Duration delay = RetryDelay(refused);
  EXPECT_GT(delay, absl::ZeroDuration());
  EXPECT_LE(delay, absl::Milliseconds(200));  // One call's worth at 5 a second.
  // Each caller has its own rate; reads here have none.
  EXPECT_TRUE(limits.Admit("other", CallKind::kWrite).ok());
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(limits.Admit("ingest", CallKind::kRead).ok());
}

TEST(CallLimitsTest, TheRateRefillsOverTime) {
  CallLimits limits({/*write_calls_per_second=*/50, 0, 10});
  while (limits.Admit("ingest", CallKind::kWrite).ok()) {
  }
  absl::SleepFor(absl::Milliseconds(100));  // Five calls' worth.
  EXPECT_TRUE(limits.Admit("ingest", CallKind::kWrite).ok());
}

TEST(CallLimitsTest, StreamsPerCallerAreGivenBackWhenClosed) {
  CallLimits limits({0, 0, /*streams_per_caller=*/2});
  StreamSlot first, second, third;
  EXPECT_TRUE(limits.OpenStream("viewer", &first).ok());
  EXPECT_TRUE(limits.OpenStream("viewer", &second).ok());
  grpc::Status refused = limits.OpenStream("viewer", &third);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("viewer has 2 streams open"));
  EXPECT_TRUE(limits.OpenStream("other", &third).ok());
  {
    StreamSlot closed = std::move(first);  // Moved: only `closed` gives it back.
  }
  StreamSlot again;
  EXPECT_TRUE(limits.OpenStream("viewer", &again).ok());
}

}  // namespace
}  // namespace chancery::server
