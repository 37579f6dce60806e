#include "services/domain/calendar_date.h"

#include <gtest/gtest.h>

#include "services/domain/testing/date.h"

namespace chancery::domain {
namespace {

using ::chancery::testing::Date;

TEST(IsLeapYearTest, GregorianRule) {
  EXPECT_TRUE(IsLeapYear(2020));
  EXPECT_TRUE(IsLeapYear(2000));   // Divisible by 400.
  EXPECT_FALSE(IsLeapYear(1900));  // A century not divisible by 400.
  EXPECT_FALSE(IsLeapYear(2019));
}

TEST(IsCalendarDateTest, AcceptsRealDates) {
  EXPECT_TRUE(IsCalendarDate(Date(2019, 11, 26)));
  EXPECT_TRUE(IsCalendarDate(Date(2020, 2, 29)));
  EXPECT_TRUE(IsCalendarDate(Date(2000, 2, 29)));
  EXPECT_TRUE(IsCalendarDate(Date(1800, 1, 1)));
  EXPECT_TRUE(IsCalendarDate(Date(2019, 12, 31)));
  EXPECT_TRUE(IsCalendarDate(Date(1, 1, 1)));
  EXPECT_TRUE(IsCalendarDate(Date(9999, 12, 31)));
}

TEST(IsCalendarDateTest, RejectsImpossibleAndPartialDates) {
  EXPECT_FALSE(IsCalendarDate(Date(2019, 2, 29)));
  EXPECT_FALSE(IsCalendarDate(Date(1900, 2, 29)));
  EXPECT_FALSE(IsCalendarDate(Date(2019, 4, 31)));
  EXPECT_FALSE(IsCalendarDate(Date(2019, 13, 1)));
  EXPECT_FALSE(IsCalendarDate(Date(2019, 0, 1)));
  EXPECT_FALSE(IsCalendarDate(Date(2019, 1, 0)));
  EXPECT_FALSE(IsCalendarDate(Date(2019, 1, 32)));
  EXPECT_FALSE(IsCalendarDate(Date(0, 1, 1)));
  EXPECT_FALSE(IsCalendarDate(Date(10000, 1, 1)));
  EXPECT_FALSE(IsCalendarDate(Date(-5, 1, 1)));
  EXPECT_FALSE(IsCalendarDate(Date(2019, -1, 1)));
}

TEST(CalendarDateTest, ConvertsAndFormats) {
  EXPECT_EQ(ToCivilDay(Date(2019, 11, 26)), absl::CivilDay(2019, 11, 26));
  google::type::Date date = ToDate(absl::CivilDay(2020, 2, 29));
  EXPECT_EQ(date.year(), 2020);
  EXPECT_EQ(date.month(), 2);
  EXPECT_EQ(date.day(), 29);
  EXPECT_EQ(FormatDate(Date(2019, 2, 9)), "2019-02-09");
  EXPECT_EQ(FormatDate(Date(2019, 0, 0)), "2019-00-00");
  EXPECT_EQ(FormatDate(Date(999, 1, 1)), "0999-01-01");
}

}  // namespace
}  // namespace chancery::domain
