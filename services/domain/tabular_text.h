// Parsing the CSV and TSV files of the embedded data.
//
// Small, strict readers for the formats in data/: RFC 4180 CSV (quoted fields
// may hold commas, doubled quotes and line breaks) and tab-separated lines
// with '#' comments. Fields are returned exactly as written, unquoted.
//
// Example:
//   absl::StatusOr<std::vector<TextRecord>> rows = ParseCsv("a,\"b,c\"\n");
//   // rows->at(0).fields == {"a", "b,c"}

#ifndef CHANCERY_SERVICES_DOMAIN_TABULAR_TEXT_H_
#define CHANCERY_SERVICES_DOMAIN_TABULAR_TEXT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::domain {

// TextRecord is one row of a table.
struct TextRecord {
  int line = 0;  // 1-based line of the file where the row starts.
  std::vector<std::string> fields;
};

// ParseCsv returns the records of RFC 4180 `text`, the header included.
// Records end with "\n" or "\r\n"; the last may end without one. An empty
// input has no records; an empty line is a record with one empty field.
// Errors: INVALID_ARGUMENT naming the line for a quote inside an unquoted
// field, text after a closing quote, or a quote that is never closed.
absl::StatusOr<std::vector<TextRecord>> ParseCsv(absl::string_view text);

// ParseTsv returns each line of `text` split at tabs, skipping empty lines
// and lines that start with '#'. A "\r" before the line end is dropped.
std::vector<TextRecord> ParseTsv(absl::string_view text);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_TABULAR_TEXT_H_
