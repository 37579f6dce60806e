#include "services/domain/violations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace chancery::domain {
namespace {

TEST(ViolationListTest, EmptyListGivesEmptyBadRequest) {
  ViolationList violations("events");
  EXPECT_TRUE(violations.empty());
  EXPECT_EQ(std::move(violations).Finish().field_violations_size(), 0);
}

TEST(ViolationListTest, KeepsViolationsInOrder) {
  ViolationList violations("events");
  violations.Add("events[0].cameo_code", "bad code");
  violations.Add("events[1].occur_date", "bad date");
  EXPECT_FALSE(violations.empty());
  google::rpc::BadRequest bad = std::move(violations).Finish();
  ASSERT_EQ(bad.field_violations_size(), 2);
  EXPECT_EQ(bad.field_violations(0).field(), "events[0].cameo_code");
  EXPECT_EQ(bad.field_violations(0).description(), "bad code");
  EXPECT_EQ(bad.field_violations(1).field(), "events[1].occur_date");
}

TEST(ViolationListTest, CountsWhatDoesNotFitTheBudget) {
  ViolationList violations("events", /*byte_budget=*/100);
  for (int i = 0; i < 10; ++i) {
    violations.Add(absl::StrCat("events[", i, "].cameo_code"), std::string(20, 'x'));
  }
  google::rpc::BadRequest bad = std::move(violations).Finish();
  ASSERT_EQ(bad.field_violations_size(), 3);  // Two of ~48 bytes fit in 100, then the count.
  EXPECT_EQ(bad.field_violations(1).field(), "events[1].cameo_code");
  EXPECT_EQ(bad.field_violations(2).field(), "events");
  EXPECT_EQ(bad.field_violations(2).description(),
            "8 more violations not listed; fix those above and send the request again to see "
            "them");
}

TEST(ViolationListTest, OnceOneIsDroppedLaterSmallOnesAreDroppedToo) {
  ViolationList violations("events", /*byte_budget=*/40);
  violations.Add("a", std::string(50, 'x'));
  violations.Add("b", "short");
  google::rpc::BadRequest bad = std::move(violations).Finish();
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).description(),
            "2 more violations not listed; fix those above and send the request again to see "
            "them");
}

TEST(ShownTest, QuotesEscapesAndShortens) {
  EXPECT_EQ(Shown("999"), "\"999\"");
  EXPECT_EQ(Shown("a\"b\n"), "\"a\\\"b\\n\"");
  EXPECT_EQ(Shown("\xFF"), "\"\\xff\"");
  EXPECT_EQ(Shown(std::string(50, 'a')), absl::StrCat("\"", std::string(40, 'a'), "...\""));
}

}  // namespace
}  // namespace chancery::domain
