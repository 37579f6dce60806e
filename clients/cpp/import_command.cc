// chancery import FILE: records every event of an NDJSON, GDELT or ICEWS file.

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/event_sender.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/import_ledger.h"
#include "clients/cpp/import_row.h"
#include "clients/cpp/progress_bar.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

struct ImportSettings {
  absl::optional<ImportFormat> format;  // Unset: guessed from the first line.
  EventSender::Options sender;
  bool in_flight_given = false;
};

absl::StatusOr<ImportSettings> ReadSettings(const ParsedArgs& args) {
  ImportSettings settings;
  if (args.Has("format")) {
    absl::StatusOr<ImportFormat> format = ParseImportFormat(args.Value("format"));
    if (!format.ok()) return format.status();
    settings.format = *format;
  }
  absl::StatusOr<uint64_t> batch_size = ParseCountFlag("--batch-size", args.Value("batch-size", "500"));
  if (!batch_size.ok()) return batch_size.status();
  if (*batch_size < 1 || *batch_size > 1000) {
    return absl::InvalidArgumentError("--batch-size must be from 1 to 1000 (the server's limit)");
  }
  absl::StatusOr<uint64_t> in_flight = ParseCountFlag("--in-flight", args.Value("in-flight", "4"));
  if (!in_flight.ok()) return in_flight.status();
  if (*in_flight < 1 || *in_flight > 64) {
    return absl::InvalidArgumentError("--in-flight must be from 1 to 64");
  }
  settings.sender = {static_cast<int>(*batch_size), static_cast<int>(*in_flight)};
  settings.in_flight_given = args.Has("in-flight");
  return settings;
}

// Lines of the input with their numbers, "\r\n" endings included.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}
  bool Next(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++number_;
    bytes_ += line.size() + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
  }
  int64_t number() const { return number_; }
  uint64_t bytes() const { return bytes_; }

 private:
  std::istream& in_;
  int64_t number_ = 0;
  uint64_t bytes_ = 0;
};

uint64_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<uint64_t>(in.tellg()) : 0;
}

bool IsBlank(absl::string_view line) { return absl::StripAsciiWhitespace(line).empty(); }

int RunImport(const Context& context, const ParsedArgs& args) {
  absl::StatusOr<ImportSettings> settings = ReadSettings(args);
  if (!settings.ok()) return ReportUsageError(settings.status());
  const std::string path = args.positionals()[0];
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return ReportLocalError(absl::ErrnoToStatus(errno, absl::StrCat("cannot read ", path)));
  }
  std::ofstream rejects_file;
  if (args.Has("rejects")) {
    rejects_file.open(args.Value("rejects"), std::ios::trunc);
    if (!rejects_file) {
      return ReportLocalError(
          absl::ErrnoToStatus(errno, absl::StrCat("cannot write ", args.Value("rejects"))));
    }
  }
  LineReader lines(path == "-" ? std::cin : file);

  // The first non-blank line tells the format, and is a header or the first row.
  std::string line;
  while (lines.Next(line) && IsBlank(line)) {
  }
  if (IsBlank(line)) {
    std::cout << (context.json ? SummaryJson({}) : SummaryLine({})) << std::endl;
    return kExitOk;  // An empty file imports nothing.
  }
  absl::StatusOr<ImportFormat> format =
      settings->format ? *settings->format : GuessImportFormat(line);
  if (!format.ok()) return ReportLocalError(format.status());
  absl::StatusOr<std::unique_ptr<RowParser>> parser = MakeRowParser(*format, line);
  if (!parser.ok()) return ReportLocalError(parser.status());
  // NDJSON (an export) is recorded in the file's order unless told otherwise.
  if (*format == ImportFormat::kNdjson && !settings->in_flight_given) settings->sender.in_flight = 1;
  bool have_row = !HasHeader(*format);

  std::shared_ptr<grpc::Channel> channel;
  if (grpc::Status status = Connect(context, &channel); !status.ok()) {
    return ReportRpcError(context, status);
  }
  auto stub = v1::RelationsService::NewStub(channel);
  const bool terminal = isatty(STDERR_FILENO);
  ImportLedger ledger(rejects_file.is_open() ? static_cast<std::ostream&>(rejects_file) : std::cerr,
                      terminal && !rejects_file.is_open());
  ProgressBar progress(path == "-" ? 0 : FileSize(path), terminal);
  EventSender sender(*stub, settings->sender, ledger);
  while ((have_row || lines.Next(line)) && !sender.failed()) {
    have_row = false;
    if (IsBlank(line)) continue;
    ledger.RowRead();
    ImportRow row = (*parser)->Parse(line);
    switch (row.kind) {
      case ImportRow::Kind::kEvent:
        sender.Add(lines.number(), std::move(row.event));
        break;
      case ImportRow::Kind::kRetraction:
        sender.Retract(lines.number(), row.retraction);
        break;
      case ImportRow::Kind::kSkipped:
        ledger.Skipped(lines.number(), row.reason);
        break;
      case ImportRow::Kind::kRejected:
        ledger.Rejected(lines.number(), row.reason);
        break;
    }
    progress.Update(lines.bytes(), [&ledger] { return ledger.tally().rows; });
  }
  const grpc::Status status = sender.Finish();
  progress.Clear();
  const ImportTally tally = ledger.tally();
  std::cout << (context.json ? SummaryJson(tally) : SummaryLine(tally)) << std::endl;
  if (!status.ok()) return ReportRpcError(context, status);
  if (file.bad()) return ReportLocalError(absl::DataLossError(absl::StrCat("error reading ", path)));
  return tally.rejected > 0 ? kExitFailed : kExitOk;
}

}  // namespace

Command ImportCommand() {
  return {{"import", "FILE [--format ndjson|gdelt|icews] [--rejects FILE]",
           "Records every event of a file (FILE - reads stdin).\n"
           "Formats: NDJSON (DiplomaticEvent or LogRecord JSON per line, as audit export writes),\n"
           "GDELT 1.0/2.0 event exports, the ICEWS Dataverse export; guessed from the first line\n"
           "when --format is not given. GDELT and ICEWS rows get stable ids, so importing a file\n"
           "twice adds nothing. Ends with \"imported N, duplicates D, rejected R, skipped S\";\n"
           "each rejected or skipped row is reported with its line number. Exit code 1 when\n"
           "any row was rejected.",
           {{"format", true, "FORMAT ndjson, gdelt or icews (default: guessed)"},
            {"rejects", true, "FILE write the rejected and skipped rows' reasons there, not stderr"},
            {"batch-size", true, "N events per RecordEvents call, 1 to 1000 (default 500)"},
            {"in-flight", true,
             "N calls in flight at once (default 4; 1 for NDJSON, to keep the file's order)"}},
           1, 1},
          RunImport};
}

}  // namespace chancery::cli
