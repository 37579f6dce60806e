// Rows of an import file, and the readers and parsers that make them.
//
// A RowReader turns a file's lines into ImportRows: an event to record, a
// retraction to record (NDJSON export files), an observation of
// representation to record (COW rows, NDJSON export files), a row skipped by rule (GDELT
// and ICEWS rows without both actors' countries) or a row rejected as
// malformed, each with a reason naming what is wrong. For NDJSON, GDELT and
// ICEWS each non-blank line is a row, made by a RowParser; a PLOVER record
// spans lines and makes a row per source-target pair.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_ROW_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_ROW_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"

namespace chancery::cli {

struct ImportRow {
  enum class Kind { kEvent, kRetraction, kObservation, kSkipped, kRejected };
  Kind kind = Kind::kRejected;
  v1::DiplomaticEvent event;                  // kEvent.
  v1::Retraction retraction;                  // kRetraction.
  v1::RepresentationObservation observation;  // kObservation.
  std::string reason;                         // kSkipped and kRejected: why.

  static ImportRow Skipped(std::string reason) {
    ImportRow row;
    row.kind = Kind::kSkipped;
    row.reason = std::move(reason);
    return row;
  }
  static ImportRow Rejected(std::string reason) {
    ImportRow row;
    row.reason = std::move(reason);
    return row;
  }
};

enum class ImportFormat { kNdjson, kGdelt, kIcews, kPlover, kCow };

// ParseImportFormat reads --format: ndjson, gdelt, icews, plover or cow.
absl::StatusOr<ImportFormat> ParseImportFormat(absl::string_view text);

// GuessImportFormat tells the format from a file's first non-blank line: "["
// (a JSON array) or a JSON object with a string "event" and an "id" is
// PLOVER, another JSON object NDJSON, the ICEWS header starts with "Event
// ID<TAB>Event Date", the Correlates of War Diplomatic Exchange header with
// "ccode1,ccode2,year", and a line of 57, 58 or 61 tab-separated fields
// starting with a number is GDELT. Errors: INVALID_ARGUMENT saying to give
// --format.
absl::StatusOr<ImportFormat> GuessImportFormat(absl::string_view first_line);

// A row with where in its file it comes from.
struct SourcedRow {
  int64_t line = 0;
  std::string record;  // The record's id, for formats whose records make several rows.
  ImportRow row;
};

class RowReader {
 public:
  virtual ~RowReader() = default;
  // AddLine takes the file's next line (numbered `line`, without its line
  // break) and appends the rows it completes to `rows`.
  virtual void AddLine(absl::string_view text, int64_t line, std::vector<SourcedRow>& rows) = 0;
  // Finish appends the rows that the end of the file completes.
  virtual void Finish(std::vector<SourcedRow>& rows) {}
};

// MakeRowReader returns the reader of `format` for a file whose first
// non-blank line is `first_line`. That line is the ICEWS header, which the
// reader takes its columns from; in the other formats it is data, to be
// given to AddLine (HasHeader tells which).
// Errors: INVALID_ARGUMENT for an ICEWS header without a needed column.
absl::StatusOr<std::unique_ptr<RowReader>> MakeRowReader(ImportFormat format,
                                                         absl::string_view first_line);
bool HasHeader(ImportFormat format);

class RowParser {
 public:
  virtual ~RowParser() = default;
  // Parse makes the row of one line (without its line break).
  virtual ImportRow Parse(absl::string_view line) const = 0;
};

// The parsers, for tests; MakeRowReader is the way in.
std::unique_ptr<RowParser> NewNdjsonParser();
std::unique_ptr<RowParser> NewGdeltParser();
// IsGdeltColumnCount tells whether a row of `columns` tab-separated fields
// has a GDELT layout: 57 or 58 (1.0) or 61 (2.0).
bool IsGdeltColumnCount(size_t columns);
absl::StatusOr<std::unique_ptr<RowParser>> NewIcewsParser(absl::string_view header);
// NewCowParser reads the rows of the Correlates of War Diplomatic Exchange
// data (cow_parser.cc).
std::unique_ptr<RowParser> NewCowParser();
// NewPloverReader reads PLOVER records (plover_parser.h).
std::unique_ptr<RowReader> NewPloverReader();

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_ROW_H_
