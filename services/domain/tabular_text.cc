#include "services/domain/tabular_text.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace chancery::domain {

absl::StatusOr<std::vector<TextRecord>> ParseCsv(absl::string_view text) {
  std::vector<TextRecord> records;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    TextRecord record;
    record.line = line;
    bool record_done = false;
    while (!record_done) {
      std::string field;
      if (i < text.size() && text[i] == '"') {
        const int quote_line = line;
        ++i;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field.push_back('"');
              ++i;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line;
            field.push_back(c);
          }
        }
        if (!closed) {
          return absl::InvalidArgumentError(
              absl::StrCat("CSV line ", quote_line, ": a quoted field is never closed"));
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          return absl::InvalidArgumentError(
              absl::StrCat("CSV line ", line, ": text after a closing quote"));
        }
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return absl::InvalidArgumentError(
                absl::StrCat("CSV line ", line, ": a quote inside an unquoted field"));
          }
          field.push_back(text[i++]);
        }
      }
      record.fields.push_back(std::move(field));
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      // End of the record: "\n", "\r\n", or the end of the text.
      if (i < text.size() && text[i] == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') {
          ++i;
        } else {
          return absl::InvalidArgumentError(
              absl::StrCat("CSV line ", line, ": a carriage return not followed by a newline"));
        }
      }
      if (i < text.size()) {
        ++i;  // The '\n'.
        ++line;
      }
      record_done = true;
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::vector<TextRecord> ParseTsv(absl::string_view text) {
  std::vector<TextRecord> records;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    TextRecord record;
    record.line = line_number;
    for (absl::string_view field : absl::StrSplit(line, '\t')) {
      record.fields.emplace_back(field);
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace chancery::domain
