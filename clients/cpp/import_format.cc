#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "clients/cpp/import_fields.h"
#include "clients/cpp/import_row.h"
#include "google/protobuf/struct.pb.h"

namespace chancery::cli {
namespace {

// A PLOVER record on one line (JSON lines) has an "id" and an "event" that
// is a name; a LogRecord's "event" is an object.
bool IsPloverObject(absl::string_view line) {
  google::protobuf::Struct object;
  if (!ParseJsonText(line, object).empty()) return false;
  const auto& fields = object.fields();
  const auto event = fields.find("event");
  return fields.contains("id") && event != fields.end() &&
         event->second.kind_case() == google::protobuf::Value::kStringValue;
}

// One row per non-blank line.
class LineRowReader : public RowReader {
 public:
  explicit LineRowReader(std::unique_ptr<RowParser> parser) : parser_(std::move(parser)) {}
  void AddLine(absl::string_view text, int64_t line, std::vector<SourcedRow>& rows) override {
    if (absl::StripAsciiWhitespace(text).empty()) return;
    rows.push_back({line, "", parser_->Parse(text)});
  }

 private:
  std::unique_ptr<RowParser> parser_;
};

}  // namespace

absl::StatusOr<ImportFormat> ParseImportFormat(absl::string_view text) {
  if (text == "ndjson") return ImportFormat::kNdjson;
  if (text == "gdelt") return ImportFormat::kGdelt;
  if (text == "icews") return ImportFormat::kIcews;
  if (text == "plover") return ImportFormat::kPlover;
  if (text == "cow") return ImportFormat::kCow;
  return absl::InvalidArgumentError(
      absl::StrCat("--format=", text, " is not one of: ndjson, gdelt, icews, plover, cow"));
}

absl::StatusOr<ImportFormat> GuessImportFormat(absl::string_view first_line) {
  const absl::string_view line = absl::StripLeadingAsciiWhitespace(first_line);
  if (absl::StartsWith(line, "[")) return ImportFormat::kPlover;
  if (absl::StartsWith(line, "{")) {
    return IsPloverObject(line) ? ImportFormat::kPlover : ImportFormat::kNdjson;
  }
  if (absl::StartsWith(line, "Event ID\tEvent Date")) return ImportFormat::kIcews;
  if (absl::StartsWith(absl::StrReplaceAll(line, {{"\"", ""}}), "ccode1,ccode2,year")) {
    return ImportFormat::kCow;
  }
  const size_t fields = std::count(line.begin(), line.end(), '\t') + 1;
  if (IsGdeltColumnCount(fields) && !line.empty() && absl::ascii_isdigit(line[0])) {
    return ImportFormat::kGdelt;
  }
  return absl::InvalidArgumentError(
      "cannot tell the file's format from its first line (not a JSON array or object, an ICEWS "
      "or COW header, or a GDELT row of 57, 58 or 61 tab-separated columns); give "
      "--format=ndjson|gdelt|icews|plover|cow");
}

bool HasHeader(ImportFormat format) {
  return format == ImportFormat::kIcews || format == ImportFormat::kCow;
}

absl::StatusOr<std::unique_ptr<RowReader>> MakeRowReader(ImportFormat format,
                                                         absl::string_view first_line) {
  switch (format) {
    case ImportFormat::kNdjson:
      return std::make_unique<LineRowReader>(NewNdjsonParser());
    case ImportFormat::kGdelt:
      return std::make_unique<LineRowReader>(NewGdeltParser());
    case ImportFormat::kIcews: {
      absl::StatusOr<std::unique_ptr<RowParser>> parser = NewIcewsParser(first_line);
      if (!parser.ok()) return parser.status();
      return std::make_unique<LineRowReader>(*std::move(parser));
    }
    case ImportFormat::kPlover:
      return NewPloverReader();
    case ImportFormat::kCow:
      return std::make_unique<LineRowReader>(NewCowParser());
  }
  return absl::InternalError("unknown import format");
}

}  // namespace chancery::cli
