#include "common/log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace chancery::log {
namespace {

std::atomic<Format> format{Format::kText};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

// TextValue: a field's value as key=value shows it (a string with spaces or
// quotes in quotes).
std::string TextValue(const Field& field) {
  if (const double* number = std::get_if<double>(&field.value)) return absl::StrCat(*number);
  const std::string& text = std::get<std::string>(field.value);
  if (!text.empty() && text.find_first_of(" \"=") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

// AppendJsonString appends `text` as a JSON string, Written here rather than
// through protobuf's JSON printer, which logs (through this file, for
// chanceryd) when a string is not UTF-8: a line must never log. Bytes that
// are not UTF-8 become U+FFFD.
void AppendJsonString(std::string& out, absl::string_view text) {
  out += '"';
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      const size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
      bool valid = length > 0 && i + length <= text.size();
      for (size_t k = 1; valid && k < length; ++k) {
        valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
      }
      if (!valid) {
        out += "\xEF\xBF\xBD";  // U+FFFD.
        ++i;
        continue;
      }
      out.append(text.data() + i, length);
      i += length;
      continue;
    }
    ++i;
  }
  out += '"';
}

std::string JsonLine(Level level, absl::string_view message, absl::Span<const Field> fields) {
  std::string line = "{\"time\":";
  AppendJsonString(line, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()));
  line += ",\"level\":";
  AppendJsonString(line, LevelName(level));
  absl::string_view text = message;
  if (!absl::ConsumePrefix(&text, "chanceryd: ")) absl::ConsumePrefix(&text, "chanceryd ");
  line += ",\"message\":";
  AppendJsonString(line, text);
  for (const Field& field : fields) {
    line += ',';
    AppendJsonString(line, field.key);
    line += ':';
    if (const double* number = std::get_if<double>(&field.value)) {
      absl::StrAppend(&line, *number);
    } else {
      AppendJsonString(line, std::get<std::string>(field.value));
    }
  }
  return line + "}";
}

}  // namespace

void SetFormat(Format chosen) { format.store(chosen); }

std::string Line(Format chosen, Level level, absl::string_view message,
                 absl::Span<const Field> fields) {
  if (chosen == Format::kJson) return JsonLine(level, message, fields);
  std::string line(message);
  for (const Field& field : fields) absl::StrAppend(&line, " ", field.key, "=", TextValue(field));
  return line;
}

void Write(Level level, absl::string_view message, absl::Span<const Field> fields) {
  std::string line = Line(format.load(), level, message, fields);
  line += '\n';
  // One write, so that lines from different threads never interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace chancery::log
