#include "services/domain/day.h"

#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "services/domain/calendar_date.h"

namespace chancery::domain {
namespace {

constexpr absl::CivilDay kEpoch(1970, 1, 1);
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000 * 1000;

}  // namespace

Day Day::FromCivil(absl::CivilDay day) { return Day(static_cast<int32_t>(day - kEpoch)); }

Day Day::FromDate(const google::type::Date& date) { return FromCivil(ToCivilDay(date)); }

Day Day::FromValidTime(int64_t micros) {
  // Floor division: an instant before 1970 belongs to the day it falls in.
  int64_t days = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --days;
  return Day(static_cast<int32_t>(days));
}

Day Day::First() { return FromCivil(absl::CivilDay(1, 1, 1)); }
Day Day::Last() { return FromCivil(absl::CivilDay(9999, 12, 31)); }

absl::CivilDay Day::civil() const { return kEpoch + number_; }

google::type::Date Day::date() const { return ToDate(civil()); }

int64_t Day::valid_time_us() const { return int64_t{number_} * kMicrosPerDay; }

std::string Day::ToString() const {
  const absl::CivilDay day = civil();
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

}  // namespace chancery::domain
