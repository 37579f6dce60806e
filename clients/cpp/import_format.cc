#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/import_row.h"

namespace chancery::cli {

absl::StatusOr<ImportFormat> ParseImportFormat(absl::string_view text) {
  if (text == "ndjson") return ImportFormat::kNdjson;
  if (text == "gdelt") return ImportFormat::kGdelt;
  if (text == "icews") return ImportFormat::kIcews;
  return absl::InvalidArgumentError(
      absl::StrCat("--format=", text, " is not one of: ndjson, gdelt, icews"));
}

absl::StatusOr<ImportFormat> GuessImportFormat(absl::string_view first_line) {
  const absl::string_view line = absl::StripLeadingAsciiWhitespace(first_line);
  if (absl::StartsWith(line, "{")) return ImportFormat::kNdjson;
  if (absl::StartsWith(line, "Event ID\tEvent Date")) return ImportFormat::kIcews;
  const size_t fields = std::count(line.begin(), line.end(), '\t') + 1;
  if (IsGdeltColumnCount(fields) && !line.empty() && absl::ascii_isdigit(line[0])) {
    return ImportFormat::kGdelt;
  }
  return absl::InvalidArgumentError(
      "cannot tell the file's format from its first line (not a JSON object, an ICEWS header, "
      "or a GDELT row of 57, 58 or 61 tab-separated columns); give --format=ndjson|gdelt|icews");
}

bool HasHeader(ImportFormat format) { return format == ImportFormat::kIcews; }

absl::StatusOr<std::unique_ptr<RowParser>> MakeRowParser(ImportFormat format,
                                                         absl::string_view first_line) {
  switch (format) {
    case ImportFormat::kNdjson:
      return NewNdjsonParser();
    case ImportFormat::kGdelt:
      return NewGdeltParser();
    case ImportFormat::kIcews:
      return NewIcewsParser(first_line);
  }
  return absl::InternalError("unknown import format");
}

}  // namespace chancery::cli
