// The account of an import: how many rows went where, and a line per row
// that was skipped or rejected. Thread-safe: the senders report into it.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_LEDGER_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_LEDGER_H_

#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>

namespace chancery::cli {

struct ImportTally {
  uint64_t rows = 0;  // Rows read: non-blank lines, the header not counted.
  uint64_t imported = 0;
  uint64_t duplicates = 0;
  uint64_t rejected = 0;
  uint64_t skipped = 0;
};

class ImportLedger {
 public:
  // Notes on skipped and rejected rows go to `notes`; `clear_line` starts
  // each with "\r\033[K" to wipe a progress bar drawn on the same terminal.
  ImportLedger(std::ostream& notes, bool clear_line) : notes_(notes), clear_line_(clear_line) {}

  void RowRead();
  void Recorded(uint64_t imported, uint64_t duplicates);
  // "line 12: skipped: no country code for Actor2".
  void Skipped(int64_t line, const std::string& reason);
  // "line 40: rejected: cameo_code: \"999\" is not a CAMEO event code ...".
  void Rejected(int64_t line, const std::string& reason);

  ImportTally tally() const;

 private:
  void Note(int64_t line, const char* what, const std::string& reason);

  mutable std::mutex mutex_;
  std::ostream& notes_;
  const bool clear_line_;
  ImportTally tally_;
};

// SummaryLine: "imported 3326, duplicates 0, rejected 0, skipped 379 (3705 rows read)".
std::string SummaryLine(const ImportTally& tally);

// SummaryJson: the tally as one JSON object.
std::string SummaryJson(const ImportTally& tally);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_LEDGER_H_
