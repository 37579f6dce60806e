#include "clients/cpp/import_ledger.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace chancery::cli {

void ImportLedger::RowRead() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++tally_.rows;
}

void ImportLedger::Recorded(uint64_t imported, uint64_t duplicates) {
  std::lock_guard<std::mutex> lock(mutex_);
  tally_.imported += imported;
  tally_.duplicates += duplicates;
}

void ImportLedger::Skipped(int64_t line, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++tally_.skipped;
  Note(line, "skipped", reason);
}

void ImportLedger::Rejected(int64_t line, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++tally_.rejected;
  Note(line, "rejected", reason);
}

void ImportLedger::Note(int64_t line, const char* what, const std::string& reason) {
  // One line per row, whatever the reason holds.
  notes_ << (clear_line_ ? "\r\033[K" : "") << "line " << line << ": " << what << ": "
         << absl::StrReplaceAll(reason, {{"\n", " "}, {"\r", " "}}) << '\n';
}

ImportTally ImportLedger::tally() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tally_;
}

std::string SummaryLine(const ImportTally& tally) {
  return absl::StrFormat("imported %d, duplicates %d, rejected %d, skipped %d (%d rows read)",
                         tally.imported, tally.duplicates, tally.rejected, tally.skipped,
                         tally.rows);
}

std::string SummaryJson(const ImportTally& tally) {
  return absl::StrFormat(
      R"({"rowsRead":%d,"imported":%d,"duplicates":%d,"rejected":%d,"skipped":%d})", tally.rows,
      tally.imported, tally.duplicates, tally.rejected, tally.skipped);
}

}  // namespace chancery::cli
