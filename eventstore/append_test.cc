#include "eventstore/append.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "eventstore/testing/events.h"

namespace chancery::eventstore {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::testing::HasSubstr;

TEST(ExpectedRevisionTest, AnyAdmitsEveryRevision) {
  EXPECT_TRUE(ExpectedRevision::Any().Admits(kNoStreamRevision));
  EXPECT_TRUE(ExpectedRevision::Any().Admits(7));
}

TEST(ExpectedRevisionTest, NoStreamAdmitsOnlyAnEmptyStream) {
  EXPECT_TRUE(ExpectedRevision::NoStream().Admits(kNoStreamRevision));
  EXPECT_FALSE(ExpectedRevision::NoStream().Admits(0));
}

TEST(ExpectedRevisionTest, ExactlyAdmitsOnlyThatRevision) {
  EXPECT_TRUE(ExpectedRevision::Exactly(3).Admits(3));
  EXPECT_FALSE(ExpectedRevision::Exactly(3).Admits(2));
  EXPECT_FALSE(ExpectedRevision::Exactly(0).Admits(kNoStreamRevision));
}

TEST(RevisionConflictTest, CarriesTheCurrentRevision) {
  absl::Status conflict = RevisionConflictError("KHM-USA", ExpectedRevision::Exactly(3), 5);
  EXPECT_EQ(conflict.code(), absl::StatusCode::kAborted);
  EXPECT_THAT(conflict.message(), HasSubstr("KHM-USA"));
  EXPECT_EQ(ConflictCurrentRevision(conflict), 5);
  EXPECT_EQ(ConflictStream(conflict), "KHM-USA");
}

TEST(RevisionConflictTest, CarriesNoStream) {
  absl::Status conflict =
      RevisionConflictError("KHM-USA", ExpectedRevision::Exactly(0), kNoStreamRevision);
  EXPECT_EQ(ConflictCurrentRevision(conflict), kNoStreamRevision);
  EXPECT_THAT(conflict.message(), HasSubstr("no stream"));
}

TEST(RevisionConflictTest, OtherStatusesCarryNoRevision) {
  EXPECT_EQ(ConflictCurrentRevision(absl::AbortedError("x")), std::nullopt);
  EXPECT_EQ(ConflictCurrentRevision(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(ConflictStream(absl::AbortedError("x")), std::nullopt);
}

TEST(EventIdReusedTest, CarriesTheId) {
  absl::Status reused = EventIdReusedError("e-1", 4);
  EXPECT_EQ(reused.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(reused.message(), HasSubstr("position 4"));
  EXPECT_EQ(ReusedEventId(reused), "e-1");
  EXPECT_EQ(ReusedEventId(absl::AlreadyExistsError("x")), std::nullopt);
}

TEST(ValidateAppendRequestTest, AcceptsAWellFormedRequest) {
  EXPECT_TRUE(ValidateAppendRequest(OneStream("A", ExpectedRevision::Any(), {MakeEvent("e1")})).ok());
}

TEST(ValidateAppendRequestTest, NamesTheBadField) {
  EXPECT_EQ(ValidateAppendRequest(AppendRequest{}),
            absl::InvalidArgumentError("streams is empty"));
  EXPECT_EQ(ValidateAppendRequest(OneStream("", ExpectedRevision::Any(), {MakeEvent("e1")})),
            absl::InvalidArgumentError("streams[0].stream is empty"));
  EXPECT_EQ(ValidateAppendRequest(OneStream("A", ExpectedRevision::Any(), {})),
            absl::InvalidArgumentError("streams[0].events is empty"));
  EXPECT_EQ(ValidateAppendRequest(
                OneStream("A", ExpectedRevision::Any(), {MakeEvent("e1"), MakeEvent("")})),
            absl::InvalidArgumentError("streams[0].events[1].event_id is empty"));
  EventData untyped = MakeEvent("e1");
  untyped.event_type.clear();
  EXPECT_EQ(ValidateAppendRequest(OneStream("A", ExpectedRevision::Any(), {untyped})),
            absl::InvalidArgumentError("streams[0].events[0].event_type is empty"));
}

}  // namespace
}  // namespace chancery::eventstore
