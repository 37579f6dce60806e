#include "clients/cpp/import_ledger.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "clients/cpp/json_lines.h"
#include "google/protobuf/struct.pb.h"

namespace chancery::cli {
namespace {

std::string JsonString(const std::string& text) {
  google::protobuf::Value value;
  value.set_string_value(text);
  return ToJsonLine(value);
}

}  // namespace

ImportTally& ImportTally::operator+=(const ImportTally& other) {
  rows += other.rows;
  imported += other.imported;
  duplicates += other.duplicates;
  rejected += other.rejected;
  skipped += other.skipped;
  return *this;
}

ImportLedger::ImportLedger(std::vector<std::string> files, std::ostream& notes, bool clear_line)
    : files_(std::move(files)), notes_(notes), clear_line_(clear_line), tallies_(files_.size()) {}

void ImportLedger::RowRead(int file) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++tallies_[file].rows;
}

void ImportLedger::Recorded(const RowRef& row, bool duplicate) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++(duplicate ? tallies_[row.file].duplicates : tallies_[row.file].imported);
}

void ImportLedger::Skipped(const RowRef& row, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++tallies_[row.file].skipped;
  Note(row, "skipped", reason);
}

void ImportLedger::Rejected(const RowRef& row, const std::string& reason) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++tallies_[row.file].rejected;
  Note(row, "rejected", reason);
}

void ImportLedger::Note(const RowRef& row, const char* what, const std::string& reason) {
  std::string where = row.record.empty()
                          ? absl::StrCat("line ", row.line)
                          : absl::StrCat("record ", row.record, " (line ", row.line, ")");
  if (files_.size() > 1) where = absl::StrCat(files_[row.file], " ", where);
  // One line per row, whatever the reason holds.
  notes_ << (clear_line_ ? "\r\033[K" : "") << where << ": " << what << ": "
         << absl::StrReplaceAll(reason, {{"\n", " "}, {"\r", " "}}) << '\n';
}

ImportTally ImportLedger::tally() const {
  std::lock_guard<std::mutex> lock(mutex_);
  ImportTally total;
  for (const ImportTally& tally : tallies_) total += tally;
  return total;
}

ImportTally ImportLedger::file_tally(int file) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tallies_[file];
}

std::string SummaryLine(const ImportTally& tally) {
  return absl::StrFormat("imported %d, duplicates %d, rejected %d, skipped %d (%d rows read)",
                         tally.imported, tally.duplicates, tally.rejected, tally.skipped,
                         tally.rows);
}

std::string SummaryJson(const ImportTally& tally, const std::string* path) {
  return absl::StrFormat(
      R"({%s"rowsRead":%d,"imported":%d,"duplicates":%d,"rejected":%d,"skipped":%d})",
      path != nullptr ? absl::StrCat(R"("path":)", JsonString(*path), ",") : "", tally.rows,
      tally.imported, tally.duplicates, tally.rejected, tally.skipped);
}

}  // namespace chancery::cli
