#include "services/projection/fold_event.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/escaping.h"

namespace chancery::projection {
namespace {

// Hex digit values by character; -1 for anything else.
struct HexTable {
  int8_t value[256];
  constexpr HexTable() : value() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) value[c] = static_cast<int8_t>(c - 'a' + 10);
    for (int c = 'A'; c <= 'F'; ++c) value[c] = static_cast<int8_t>(c - 'A' + 10);
  }
};
constexpr HexTable kHex;

}  // namespace

bool ParseEventId(absl::string_view text, EventId& id) {
  // Where each byte's two hex digits start in 8-4-4-4-12 form.
  static constexpr uint8_t kOffsets[16] = {0,  2,  4,  6,  9,  11, 14, 16,
                                           19, 21, 24, 26, 28, 30, 32, 34};
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return false;
  }
  const auto* chars = reinterpret_cast<const uint8_t*>(text.data());
  for (size_t i = 0; i < id.size(); ++i) {
    const int high = kHex.value[chars[kOffsets[i]]];
    const int low = kHex.value[chars[kOffsets[i] + 1]];
    if ((high | low) < 0) return false;
    id[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return true;
}

std::string FormatEventId(const EventId& id) {
  const std::string hex = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(id.data()), id.size()));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

absl::string_view FoldEvent::cameo_code() const {
  return absl::string_view(cameo.data(), strnlen(cameo.data(), cameo.size()));
}

bool FoldEvent::operator==(const FoldEvent& other) const {
  return day == other.day && position == other.position && retracted_at == other.retracted_at &&
         goldstein == other.goldstein && cameo == other.cameo &&
         quad_class == other.quad_class && source_is_a == other.source_is_a &&
         kind == other.kind && observed_a_in_b == other.observed_a_in_b &&
         observed_b_in_a == other.observed_b_in_a && id == other.id;
}

FoldEvent ToFoldEvent(const v1::DiplomaticEvent& event, uint64_t position,
                      absl::string_view stream_a) {
  FoldEvent fold;
  fold.day = domain::Day::FromDate(event.occur_date());
  fold.position = position;
  fold.goldstein = event.goldstein();
  const std::string& code = event.cameo_code();
  std::memcpy(fold.cameo.data(), code.data(), std::min(code.size(), fold.cameo.size()));
  fold.quad_class = static_cast<uint8_t>(event.quad_class());
  fold.source_is_a = event.source().code() == stream_a;
  ParseEventId(event.event_id(), fold.id);
  return fold;
}

FoldEvent ToFoldEvent(const v1::RepresentationObservation& observation, uint64_t position) {
  FoldEvent fold;
  fold.kind = FoldEvent::Kind::kObservation;
  fold.day = domain::Day::FromDate(observation.observe_date());
  fold.position = position;
  fold.observed_a_in_b = static_cast<uint8_t>(observation.a_in_b());
  fold.observed_b_in_a = static_cast<uint8_t>(observation.b_in_a());
  ParseEventId(observation.observation_id(), fold.id);
  return fold;
}

}  // namespace chancery::projection
