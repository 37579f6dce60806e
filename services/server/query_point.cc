#include "services/server/query_point.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/domain/calendar_date.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

domain::Day AsOfDay(bool has_date, const google::type::Date& date, const std::string& field,
                domain::Violations& bad_request) {
  if (!has_date) {
    return domain::Day::FromCivil(absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()));
  }
  if (!domain::IsCalendarDate(date)) {
    bad_request.Add(field,
                 absl::StrCat(domain::FormatDate(date),
                              " is not a full calendar date; give year, month and day, or leave "
                              "it unset for today"));
    return domain::Day();
  }
  return domain::Day::FromDate(date);
}

void CheckKnownAt(bool has_known_at, const v1::KnownAt& known_at,
                  domain::Violations& bad_request) {
  if (!has_known_at || known_at.point_case() != v1::KnownAt::kTime) return;
  // google.protobuf.Timestamp's own range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
  constexpr int64_t kMinSeconds = -62135596800;
  constexpr int64_t kMaxSeconds = 253402300799;
  const google::protobuf::Timestamp& time = known_at.time();
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds || time.nanos() < 0 ||
      time.nanos() > 999999999) {
    bad_request.Add("known_at.time",
                 absl::StrCat("seconds ", time.seconds(), ", nanos ", time.nanos(),
                              " is not a Timestamp: seconds from 0001-01-01 to 9999-12-31 (",
                              kMinSeconds, " to ", kMaxSeconds, ") and nanos from 0 to 999999999"));
  }
}

DayRange CheckDayRange(bool has_start, const google::type::Date& start_date, bool has_end,
                       const google::type::Date& end_date, domain::Violations& bad_request) {
  auto check = [&](bool has, const google::type::Date& date, const char* field) {
    if (has && !domain::IsCalendarDate(date)) {
      bad_request.Add(field,
                   absl::StrCat(domain::FormatDate(date),
                                " is not a full calendar date; give year, month and day, or "
                                "leave it unset"));
      return false;
    }
    return has;
  };
  DayRange range;
  range.has_start = check(has_start, start_date, "start_date");
  range.has_end = check(has_end, end_date, "end_date");
  if (range.has_start) range.start = domain::Day::FromDate(start_date);
  if (range.has_end) range.end = domain::Day::FromDate(end_date);
  if (range.has_start && range.has_end && range.end < range.start) {
    bad_request.Add("end_date",
                 absl::StrCat(domain::FormatDate(end_date), " is before start_date ",
                              domain::FormatDate(start_date)));
  }
  return range;
}

absl::StatusOr<uint64_t> KnownAtPosition(bool has_known_at, const v1::KnownAt& known_at,
                                         const projection::ProjectionIndex& index) {
  if (!has_known_at) return index.head();
  switch (known_at.point_case()) {
    case v1::KnownAt::kPosition:
      if (known_at.position() > index.head()) {
        return absl::OutOfRangeError(absl::StrCat("known_at.position ", known_at.position(),
                                                  " is past the head of the log (", index.head(),
                                                  ")"));
      }
      return known_at.position();
    case v1::KnownAt::kTime: {
      const int64_t time_us =
          known_at.time().seconds() * 1000000 + known_at.time().nanos() / 1000;
      if (time_us > absl::ToUnixMicros(absl::Now())) {
        return absl::OutOfRangeError("known_at.time is in the future; the log cannot know it yet");
      }
      return index.PositionAt(time_us);
    }
    default:
      return index.head();
  }
}

}  // namespace chancery::server
