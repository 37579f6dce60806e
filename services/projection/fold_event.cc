#include "services/projection/fold_event.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/escaping.h"
#include "absl/time/civil_time.h"

namespace chancery::projection {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

const absl::CivilDay kEpoch(1970, 1, 1);

}  // namespace

bool ParseEventId(absl::string_view text, EventId& id) {
  if (text.size() != 36) return false;
  size_t byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
      ++i;
      continue;
    }
    const int high = HexValue(text[i]);
    const int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return false;
    id[byte++] = static_cast<uint8_t>(high << 4 | low);
    i += 2;
  }
  return byte == id.size();
}

std::string FormatEventId(const EventId& id) {
  const std::string hex = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

int32_t DayOf(const google::type::Date& date) {
  return static_cast<int32_t>(absl::CivilDay(date.year(), date.month(), date.day()) - kEpoch);
}

google::type::Date DateOf(int32_t day) {
  const absl::CivilDay civil = kEpoch + day;
  google::type::Date date;
  date.set_year(static_cast<int32_t>(civil.year()));
  date.set_month(civil.month());
  date.set_day(civil.day());
  return date;
}

absl::string_view FoldEvent::cameo_code() const {
  return absl::string_view(cameo.data(), strnlen(cameo.data(), cameo.size()));
}

bool FoldEvent::operator==(const FoldEvent& other) const {
  return day == other.day && position == other.position && retracted_at == other.retracted_at &&
         goldstein == other.goldstein && cameo == other.cameo &&
         quad_class == other.quad_class && source_is_a == other.source_is_a && id == other.id;
}

FoldEvent ToFoldEvent(const v1::DiplomaticEvent& event, uint64_t position,
                      absl::string_view stream_a) {
  FoldEvent fold;
  fold.day = DayOf(event.occur_date());
  fold.position = position;
  fold.goldstein = event.goldstein();
  const std::string& code = event.cameo_code();
  std::memcpy(fold.cameo.data(), code.data(), std::min(code.size(), fold.cameo.size()));
  fold.quad_class = static_cast<uint8_t>(event.quad_class());
  fold.source_is_a = event.source().code() == stream_a;
  ParseEventId(event.event_id(), fold.id);
  return fold;
}

}  // namespace chancery::projection
