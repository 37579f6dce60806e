// Rows of an import file, and the parsers that make them from lines.
//
// A parser turns one line into one ImportRow: an event to record, a
// retraction to record (NDJSON export files), a row skipped by rule (GDELT
// and ICEWS rows without both actors' countries) or a row rejected as
// malformed, each with a reason naming what is wrong.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_ROW_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_ROW_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"

namespace chancery::cli {

struct ImportRow {
  enum class Kind { kEvent, kRetraction, kSkipped, kRejected };
  Kind kind = Kind::kRejected;
  v1::DiplomaticEvent event;     // kEvent.
  v1::Retraction retraction;     // kRetraction.
  std::string reason;            // kSkipped and kRejected: why.

  static ImportRow Skipped(std::string reason) { return {Kind::kSkipped, {}, {}, std::move(reason)}; }
  static ImportRow Rejected(std::string reason) {
    return {Kind::kRejected, {}, {}, std::move(reason)};
  }
};

enum class ImportFormat { kNdjson, kGdelt, kIcews };

// ParseImportFormat reads --format: ndjson, gdelt or icews.
absl::StatusOr<ImportFormat> ParseImportFormat(absl::string_view text);

// GuessImportFormat tells the format from a file's first line: a JSON object
// is NDJSON, the ICEWS header starts with "Event ID<TAB>Event Date", and a
// line of 57, 58 or 61 tab-separated fields starting with a number is GDELT.
// Errors: INVALID_ARGUMENT saying to give --format.
absl::StatusOr<ImportFormat> GuessImportFormat(absl::string_view first_line);

class RowParser {
 public:
  virtual ~RowParser() = default;
  // Parse makes the row of one line (without its line break).
  virtual ImportRow Parse(absl::string_view line) const = 0;
};

// MakeRowParser returns the parser of `format`. ICEWS files start with a
// header, which `first_line` must be (the parser finds its columns there);
// HasHeader tells whether the first line is a header rather than a row.
// Errors: INVALID_ARGUMENT for an ICEWS header without a needed column.
absl::StatusOr<std::unique_ptr<RowParser>> MakeRowParser(ImportFormat format,
                                                         absl::string_view first_line);
bool HasHeader(ImportFormat format);

// The parsers, for tests; MakeRowParser is the way in.
std::unique_ptr<RowParser> NewNdjsonParser();
std::unique_ptr<RowParser> NewGdeltParser();
// IsGdeltColumnCount tells whether a row of `columns` tab-separated fields
// has a GDELT layout: 57 or 58 (1.0) or 61 (2.0).
bool IsGdeltColumnCount(size_t columns);
absl::StatusOr<std::unique_ptr<RowParser>> NewIcewsParser(absl::string_view header);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_ROW_H_
