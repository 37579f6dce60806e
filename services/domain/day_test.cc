#include "services/domain/day.h"

#include <gtest/gtest.h>

#include "absl/time/time.h"
#include "services/domain/calendar_date.h"
#include "services/domain/testing/date.h"

namespace chancery::domain {
namespace {

using ::chancery::testing::Date;

TEST(DayTest, EveryFormOfOneDayAgrees) {
  const Day day = Day::FromDate(Date(2019, 11, 26));
  EXPECT_EQ(day.number(), 18226);
  EXPECT_EQ(day.civil(), absl::CivilDay(2019, 11, 26));
  EXPECT_EQ(day.valid_time_us(),
            absl::ToUnixMicros(absl::FromCivil(absl::CivilDay(2019, 11, 26), absl::UTCTimeZone())));
  EXPECT_EQ(day.ToString(), "2019-11-26");
  EXPECT_EQ(Day::FromCivil(absl::CivilDay(2019, 11, 26)), day);
  EXPECT_EQ(Day::FromNumber(18226), day);
  const google::type::Date back = day.date();
  EXPECT_EQ(back.year(), 2019);
  EXPECT_EQ(back.month(), 11);
  EXPECT_EQ(back.day(), 26);
}

TEST(DayTest, ValidTimeMapsToTheUtcDayThatHoldsIt) {
  const Day day = Day::FromDate(Date(2019, 11, 26));
  EXPECT_EQ(Day::FromValidTime(day.valid_time_us()), day);
  EXPECT_EQ(Day::FromValidTime(day.valid_time_us() + 86400LL * 1000000 - 1), day);
  EXPECT_EQ(Day::FromValidTime(day.valid_time_us() - 1), day - 1);
}

TEST(DayTest, DaysBeforeTheEpochFloorToTheirDay) {
  const Day day = Day::FromDate(Date(1800, 1, 1));
  EXPECT_LT(day.number(), 0);
  EXPECT_EQ(Day::FromValidTime(day.valid_time_us()), day);
  EXPECT_EQ(Day::FromValidTime(day.valid_time_us() + 1), day);
  EXPECT_EQ(Day::FromValidTime(-1), Day::FromNumber(-1));
  EXPECT_EQ(day.ToString(), "1800-01-01");
}

TEST(DayTest, TheRangeOfAGoogleTypeDate) {
  EXPECT_EQ(Day::First().ToString(), "0001-01-01");
  EXPECT_EQ(Day::Last().ToString(), "9999-12-31");
  EXPECT_EQ(Day::FromValidTime(Day::Last().valid_time_us()), Day::Last());
  EXPECT_EQ(Day::FromValidTime(Day::First().valid_time_us()), Day::First());
}

TEST(DayTest, ArithmeticAndOrder) {
  const Day day = Day::FromCivil(absl::CivilDay(2020, 2, 28));
  EXPECT_EQ((day + 1).ToString(), "2020-02-29");
  EXPECT_EQ((day + 2) - day, 2);
  EXPECT_LT(day, day + 1);
  EXPECT_EQ(Day(), Day::FromCivil(absl::CivilDay(1970, 1, 1)));
}

}  // namespace
}  // namespace chancery::domain
