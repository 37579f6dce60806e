#include "eventstore/writability.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

using ::testing::ElementsAre;

TEST(WritabilityTest, AListenerHearsTheStateAtOnceThenEachChange) {
  Writability writability;
  std::vector<bool> heard;
  writability.SetListener([&](const absl::Status& writable) { heard.push_back(writable.ok()); });
  writability.Set(absl::OkStatus());
  writability.Set(absl::UnavailableError("disk full"));
  writability.Set(absl::UnavailableError("disk still full"));
  writability.Set(absl::OkStatus());
  EXPECT_THAT(heard, ElementsAre(true, false, true));
  EXPECT_TRUE(writability.writable());
}

TEST(WritabilityTest, AListenerHearsWhyCommitsFail) {
  Writability writability;
  writability.Set(absl::UnavailableError("disk full"));
  absl::Status heard;
  writability.SetListener([&](const absl::Status& writable) { heard = writable; });
  EXPECT_EQ(heard, absl::UnavailableError("disk full"));
  EXPECT_FALSE(writability.writable());
}

TEST(WritabilityTest, ARemovedListenerHearsNothingMore) {
  Writability writability;
  int calls = 0;
  writability.SetListener([&](const absl::Status&) { ++calls; });
  writability.SetListener(nullptr);
  writability.Set(absl::UnavailableError("disk full"));
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace chancery::eventstore
