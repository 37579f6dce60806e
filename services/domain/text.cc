#include "services/domain/text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace chancery::domain {
namespace {

// DecodeOne decodes the code point starting at text[*pos] and advances *pos
// past it. Returns false, leaving *pos, for an invalid sequence.
bool DecodeOne(absl::string_view text, size_t* pos, uint32_t* code_point) {
  const auto byte = [&text](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t lead = byte(*pos);
  size_t length;
  uint32_t value;
  uint32_t min_value;
  if (lead < 0x80) {
    *code_point = lead;
    ++*pos;
    return true;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    value = lead & 0x1F;
    min_value = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
    min_value = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    value = lead & 0x07;
    min_value = 0x10000;
  } else {
    return false;  // A continuation byte or 0xF8..0xFF as a lead byte.
  }
  if (*pos + length > text.size()) return false;
  for (size_t i = 1; i < length; ++i) {
    const uint8_t next = byte(*pos + i);
    if ((next & 0xC0) != 0x80) return false;
    value = (value << 6) | (next & 0x3F);
  }
  if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return false;
  }
  *code_point = value;
  *pos += length;
  return true;
}

bool IsForbiddenControl(uint32_t c) {
  if (c == '\n' || c == '\t') return false;
  return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

}  // namespace

absl::optional<size_t> CodePointCount(absl::string_view text) {
  size_t count = 0;
  size_t pos = 0;
  uint32_t code_point;
  while (pos < text.size()) {
    if (!DecodeOne(text, &pos, &code_point)) return absl::nullopt;
    ++count;
  }
  return count;
}

absl::Status CheckText(absl::string_view text, size_t max_chars) {
  size_t count = 0;
  size_t pos = 0;
  uint32_t code_point;
  while (pos < text.size()) {
    const size_t start = pos;
    if (!DecodeOne(text, &pos, &code_point)) {
      return absl::InvalidArgumentError(absl::StrCat("is not valid UTF-8 (at byte ", start, ")"));
    }
    ++count;
    if (IsForbiddenControl(code_point)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "contains the control character U+%04X at character %d; only line feeds (\\n) and "
          "tabs (\\t) are allowed",
          code_point, count));
    }
  }
  if (count > max_chars) {
    return absl::InvalidArgumentError(absl::StrCat("is ", WithThousands(count),
                                                   " characters long; at most ",
                                                   WithThousands(max_chars), " are allowed"));
  }
  return absl::OkStatus();
}

std::string WithThousands(uint64_t n) {
  std::string digits = absl::StrCat(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

}  // namespace chancery::domain
