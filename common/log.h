// Log: the lines a Chancery program writes on stderr (chanceryd's are listed
// in docs/contract.md, "Standard error").
//
// As text (the default) a line is its message, then its fields as
// key=value. As JSON (chanceryd --log-format=json) a line is one object:
// "time" (RFC 3339, UTC, milliseconds), "level" ("info", "warning" or
// "error"), "message" (the text line without the program's name before it),
// then the fields; bytes that are not UTF-8 become U+FFFD. Lines are written
// whole, from any thread.

#ifndef CHANCERY_COMMON_LOG_H_
#define CHANCERY_COMMON_LOG_H_

#include <string>
#include <variant>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace chancery::log {

enum class Level { kInfo, kWarning, kError };
enum class Format { kText, kJson };

// A field of a line: a name and a string or a number.
struct Field {
  Field(absl::string_view key, absl::string_view value)
      : key(key), value(std::string(value)) {}
  Field(absl::string_view key, const char* value) : key(key), value(std::string(value)) {}
  Field(absl::string_view key, double value) : key(key), value(value) {}

  std::string key;
  std::variant<std::string, double> value;
};

// SetFormat chooses the format of every later line (at start, before
// threads write).
void SetFormat(Format format);

// Write writes one line.
void Write(Level level, absl::string_view message, absl::Span<const Field> fields = {});

// Line: the line Write writes in `format`, without its newline.
std::string Line(Format format, Level level, absl::string_view message,
                 absl::Span<const Field> fields);

}  // namespace chancery::log

#endif  // CHANCERY_COMMON_LOG_H_
