#include "services/domain/violations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace chancery::domain {
namespace {

TEST(ViolationsTest, KeepsViolationsInOrderUnderTheirScope) {
  Violations violations("events");
  EXPECT_TRUE(violations.empty());
  violations.Add("events[0].cameo_code", "bad code");
  violations.Add("events[1].occur_date", "bad date");
  EXPECT_FALSE(violations.empty());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations.scope(), "events");
  EXPECT_EQ(violations.field_violations()[0].field, "events[0].cameo_code");
  EXPECT_EQ(violations.field_violations()[0].description, "bad code");
  EXPECT_EQ(violations.field_violations()[1].field, "events[1].occur_date");
}

TEST(ShownTest, QuotesEscapesAndShortens) {
  EXPECT_EQ(Shown("999"), "\"999\"");
  EXPECT_EQ(Shown("a\"b\n"), "\"a\\\"b\\n\"");
  EXPECT_EQ(Shown("\xFF"), "\"\\xff\"");
  EXPECT_EQ(Shown(std::string(50, 'a')), absl::StrCat("\"", std::string(40, 'a'), "...\""));
}

}  // namespace
}  // namespace chancery::domain
