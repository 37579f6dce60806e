// Fuzzes one importer's parser (CHANCERY_IMPORT_FORMAT, set by CMake: ndjson, gdelt, icews,
// cow or plover): the bytes are a whole file, read as `chancery import --format=...` reads
// one (import_command.cc): lines from LineReader, the first non-blank one to MakeRowReader,
// then each line to the reader. Every row skipped or rejected must say why, and the
// events the parser makes go through the same validation as the server's.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "clients/cpp/import_input.h"
#include "clients/cpp/import_row.h"
#include "clients/cpp/line_reader.h"
#include "fuzz/fuzz_check.h"
#include "services/domain/event_validator.h"

namespace chancery::cli {
namespace {

// The fuzzer's bytes as an uncompressed import file.
class BytesInput : public ImportInput {
 public:
  BytesInput(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  size_t Read(char* buffer, size_t size) override {
    const size_t count = std::min(size, size_ - consumed_);
    std::memcpy(buffer, data_ + consumed_, count);
    consumed_ += count;
    return count;
  }
  absl::Status damage() const override { return absl::OkStatus(); }
  uint64_t consumed() const override { return consumed_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t consumed_ = 0;
};

bool IsBlank(absl::string_view line) { return absl::StripAsciiWhitespace(line).empty(); }

void CheckRows(const std::vector<SourcedRow>& rows) {
  // A fixed now, so that a crash replays alike on any day.
  const absl::Time now = absl::FromCivil(absl::CivilDay(2026, 1, 1), absl::UTCTimeZone());
  for (const SourcedRow& sourced : rows) {
    const ImportRow& row = sourced.row;
    switch (row.kind) {
      case ImportRow::Kind::kSkipped:
      case ImportRow::Kind::kRejected:
        FUZZ_CHECK(!row.reason.empty());
        break;
      case ImportRow::Kind::kEvent:
        domain::ValidateEvent(row.event, now);
        break;
      case ImportRow::Kind::kRetraction:
      case ImportRow::Kind::kObservation:
        break;
    }
  }
}

}  // namespace
}  // namespace chancery::cli

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace chancery::cli;
  static const ImportFormat format = *ParseImportFormat(CHANCERY_IMPORT_FORMAT);
  BytesInput input(data, size);
  LineReader lines(input);
  std::string line;
  while (lines.Next(line) && IsBlank(line)) {
  }
  if (IsBlank(line)) return 0;
  (void)GuessImportFormat(line);  // What `chancery import` does without --format.
  absl::StatusOr<std::unique_ptr<RowReader>> reader = MakeRowReader(format, line);
  if (!reader.ok()) return 0;
  std::vector<SourcedRow> rows;
  if (!HasHeader(format)) (*reader)->AddLine(line, lines.number(), rows);
  while (lines.Next(line)) (*reader)->AddLine(line, lines.number(), rows);
  (*reader)->Finish(rows);
  CheckRows(rows);
  return 0;
}
