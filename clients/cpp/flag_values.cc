#include "clients/cpp/flag_values.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/domain/calendar_date.h"

namespace chancery::cli {

absl::StatusOr<google::type::Date> ParseDateFlag(absl::string_view flag, absl::string_view text) {
  absl::CivilDay day;
  // ParseCivilTime normalizes (2019-02-30 becomes March 2nd), so check the round trip; it
  // also reads years before 1 ("-001"), which round-trip too.
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) ||
      domain::FormatDate(domain::ToDate(day)) != text ||
      !domain::IsCalendarDate(domain::ToDate(day))) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, "=", text, " is not a date YYYY-MM-DD (such as 2019-11-26)"));
  }
  return domain::ToDate(day);
}

absl::StatusOr<uint64_t> ParseCountFlag(absl::string_view flag, absl::string_view text) {
  uint64_t value = 0;
  if (!absl::SimpleAtoi(text, &value) || text.empty() || text[0] == '-' || text[0] == '+') {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, "=", text, " is not a non-negative whole number"));
  }
  return value;
}

std::string DyadName(absl::string_view a, absl::string_view b) {
  return absl::StrCat(absl::AsciiStrToUpper(a), "-", absl::AsciiStrToUpper(b));
}

}  // namespace chancery::cli
