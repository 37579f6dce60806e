// Day: one calendar day, the one date type between a request and the fold.
//
// A date arrives as a google.type.Date, is stored as the event's valid time
// (microseconds since the Unix epoch, UTC midnight of the day), is folded as
// a day number (days since 1970-01-01, four bytes: a million events fit in
// memory), and is shown as YYYY-MM-DD. Every conversion between those forms
// is here.
//
// Example:
//   Day day = Day::FromDate(event.occur_date());   // 2019-11-26
//   day.number();                                   // 18226
//   day.valid_time_us();                            // 1574726400000000
//   Day::FromValidTime(1574726400000000) == day;    // true

#ifndef CHANCERY_SERVICES_DOMAIN_DAY_H_
#define CHANCERY_SERVICES_DOMAIN_DAY_H_

#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "google/type/date.pb.h"

namespace chancery::domain {

class Day {
 public:
  constexpr Day() = default;  // 1970-01-01.

  static constexpr Day FromNumber(int32_t days_since_1970) { return Day(days_since_1970); }
  static Day FromCivil(absl::CivilDay day);
  // `date` must be a full calendar date (calendar_date.h's IsCalendarDate);
  // other values are normalized by absl's rules.
  static Day FromDate(const google::type::Date& date);
  // The UTC day that contains the instant `micros` after the Unix epoch.
  static Day FromValidTime(int64_t micros);

  // The first and last days a google.type.Date can name: 0001-01-01 and
  // 9999-12-31.
  static Day First();
  static Day Last();

  constexpr int32_t number() const { return number_; }
  absl::CivilDay civil() const;
  google::type::Date date() const;
  // Its first instant, UTC midnight, in microseconds since the Unix epoch:
  // what the store keeps as an event's valid time.
  int64_t valid_time_us() const;
  std::string ToString() const;  // YYYY-MM-DD.

  constexpr Day operator+(int32_t days) const { return Day(number_ + days); }
  constexpr Day operator-(int32_t days) const { return Day(number_ - days); }
  constexpr int32_t operator-(Day other) const { return number_ - other.number_; }
  friend constexpr bool operator==(Day a, Day b) { return a.number_ == b.number_; }
  friend constexpr bool operator!=(Day a, Day b) { return a.number_ != b.number_; }
  friend constexpr bool operator<(Day a, Day b) { return a.number_ < b.number_; }
  friend constexpr bool operator<=(Day a, Day b) { return a.number_ <= b.number_; }
  friend constexpr bool operator>(Day a, Day b) { return a.number_ > b.number_; }
  friend constexpr bool operator>=(Day a, Day b) { return a.number_ >= b.number_; }

 private:
  constexpr explicit Day(int32_t number) : number_(number) {}

  int32_t number_ = 0;
};

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_DAY_H_
