// The account of an import: how many rows went where, per input file and in
// total, and a line per row that was skipped or rejected. Thread-safe: the
// senders report into it.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_LEDGER_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_LEDGER_H_

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace chancery::cli {

// RowRef says where a row came from: the index of its input file in the
// ledger's list, its line, and for formats whose records span lines and
// expand to several rows (PLOVER), the record's id.
struct RowRef {
  int file = 0;
  int64_t line = 0;
  std::string record;
};

struct ImportTally {
  uint64_t rows = 0;  // Rows read: non-blank lines (the header not counted) or record rows.
  uint64_t imported = 0;
  uint64_t duplicates = 0;
  uint64_t rejected = 0;
  uint64_t skipped = 0;

  ImportTally& operator+=(const ImportTally& other);
};

class ImportLedger {
 public:
  // `files` names the inputs, which RowRef::file indexes; notes name the
  // file only when there are several. Notes on skipped and rejected rows go
  // to `notes`; `clear_line` starts each with "\r\033[K" to wipe a progress
  // bar drawn on the same terminal.
  ImportLedger(std::vector<std::string> files, std::ostream& notes, bool clear_line);

  void RowRead(int file);
  void Recorded(const RowRef& row, bool duplicate);
  // "line 12: skipped: no country code for Actor2"; with several files
  // "B.CSV line 12: ..."; for a record "record PLOVER-GSR01-AGREE-0001 (line 14): ...".
  void Skipped(const RowRef& row, const std::string& reason);
  // "line 40: rejected: cameo_code: \"999\" is not a CAMEO event code ...".
  void Rejected(const RowRef& row, const std::string& reason);

  ImportTally tally() const;              // All files.
  ImportTally file_tally(int file) const;  // One file.

 private:
  void Note(const RowRef& row, const char* what, const std::string& reason);

  mutable std::mutex mutex_;
  const std::vector<std::string> files_;
  std::ostream& notes_;
  const bool clear_line_;
  std::vector<ImportTally> tallies_;  // Per file.
};

// SummaryLine: "imported 3326, duplicates 0, rejected 0, skipped 379 (3705 rows read)".
std::string SummaryLine(const ImportTally& tally);

// SummaryJson: the tally as one JSON object; with `path`, its first key is "path".
std::string SummaryJson(const ImportTally& tally, const std::string* path = nullptr);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_LEDGER_H_
