// Fuzzes the parsers of dates in text: GDELT's YYYYMMDD (ParseYyyymmdd), and YYYY-MM-DD as
// the CLI's flags, ICEWS and PLOVER write it (ParseDateFlag). A date either accepts must be
// a calendar date, written exactly as the text was, and survive domain::Day's
// conversions unchanged.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/import_fields.h"
#include "fuzz/fuzz_check.h"
#include "google/type/date.pb.h"
#include "services/domain/calendar_date.h"
#include "services/domain/day.h"

namespace {

using chancery::domain::Day;

void CheckDay(const google::type::Date& date) {
  FUZZ_CHECK(chancery::domain::IsCalendarDate(date));
  const Day day = Day::FromDate(date);
  FUZZ_CHECK(chancery::domain::FormatDate(day.date()) == chancery::domain::FormatDate(date));
  FUZZ_CHECK(Day::FromValidTime(day.valid_time_us()) == day);
  FUZZ_CHECK(Day::First() <= day && day <= Day::Last());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  if (absl::StatusOr<google::type::Date> date = chancery::cli::ParseYyyymmdd(text); date.ok()) {
    CheckDay(*date);
    FUZZ_CHECK(absl::StrFormat("%04d%02d%02d", date->year(), date->month(), date->day()) ==
               text);
  }
  if (absl::StatusOr<google::type::Date> date = chancery::cli::ParseDateFlag("--from", text);
      date.ok()) {
    CheckDay(*date);
    FUZZ_CHECK(chancery::domain::FormatDate(*date) == text);
  }
  return 0;
}
