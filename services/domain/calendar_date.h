// google.type.Date values as calendar dates.
//
// A google.type.Date may be partial (a zero month or day) or impossible
// (February 30th); Chancery's dates are full dates of the proleptic
// Gregorian calendar, years 1 to 9999.

#ifndef CHANCERY_SERVICES_DOMAIN_CALENDAR_DATE_H_
#define CHANCERY_SERVICES_DOMAIN_CALENDAR_DATE_H_

#include <string>

#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"

namespace chancery::domain {

// IsLeapYear reports whether `year` has a February 29th (every fourth year,
// except centuries not divisible by 400: 2000 yes, 1900 no).
bool IsLeapYear(int64_t year);

// IsCalendarDate reports whether `date` is a full, real date: year 1 to
// 9999, month 1 to 12, day 1 to the length of that month.
bool IsCalendarDate(const google::type::Date& date);

// ToCivilDay returns `date` as an absl::CivilDay. `date` must be a calendar
// date (IsCalendarDate); other values are normalized by absl's rules.
absl::CivilDay ToCivilDay(const google::type::Date& date);

// ToDate returns `day` as a google.type.Date.
google::type::Date ToDate(absl::CivilDay day);

// FormatDate writes `date` as YYYY-MM-DD from its fields as they are, valid
// or not: {2019, 2, 29} -> "2019-02-29", {2019, 0, 0} -> "2019-00-00".
std::string FormatDate(const google::type::Date& date);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_CALENDAR_DATE_H_
