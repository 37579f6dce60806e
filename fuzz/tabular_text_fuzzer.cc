// Fuzzes the CSV and TSV readers of the embedded tables (services/domain/tabular_text.h).
// CSV that parses must parse to the same fields once written back out with every field
// quoted; TSV fields never hold a tab or a line break, and no comment line is a record.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "services/domain/tabular_text.h"

namespace {

using chancery::domain::TextRecord;

// The records as RFC 4180 CSV, every field quoted.
std::string QuotedCsv(const std::vector<TextRecord>& records) {
  std::string csv;
  for (const TextRecord& record : records) {
    const char* separator = "";
    for (const std::string& field : record.fields) {
      absl::StrAppend(&csv, separator, "\"", absl::StrReplaceAll(field, {{"\"", "\"\""}}), "\"");
      separator = ",";
    }
    csv += "\n";
  }
  return csv;
}

void CheckCsv(absl::string_view text) {
  absl::StatusOr<std::vector<TextRecord>> records = chancery::domain::ParseCsv(text);
  if (!records.ok()) {
    FUZZ_CHECK(records.status().code() == absl::StatusCode::kInvalidArgument);
    return;
  }
  int line = 0;
  for (const TextRecord& record : *records) {
    FUZZ_CHECK(record.line > line);
    line = record.line;
  }
  absl::StatusOr<std::vector<TextRecord>> again = chancery::domain::ParseCsv(QuotedCsv(*records));
  FUZZ_CHECK(again.ok() && again->size() == records->size());
  for (size_t i = 0; i < records->size(); ++i) {
    FUZZ_CHECK((*again)[i].fields == (*records)[i].fields);
  }
}

void CheckTsv(absl::string_view text) {
  for (const TextRecord& record : chancery::domain::ParseTsv(text)) {
    FUZZ_CHECK(!record.fields.empty() && !absl::StartsWith(record.fields[0], "#"));
    for (const std::string& field : record.fields) {
      FUZZ_CHECK(field.find_first_of("\t\n") == std::string::npos);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  CheckCsv(text);
  CheckTsv(text);
  return 0;
}
