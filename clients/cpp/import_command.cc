// chancery import FILE...: records every event of NDJSON, GDELT, ICEWS and
// PLOVER files, plain, gzip-compressed or in zip archives, and of the
// files of directories.

#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/types/optional.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/event_sender.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/import_input.h"
#include "clients/cpp/import_ledger.h"
#include "clients/cpp/import_paths.h"
#include "clients/cpp/import_row.h"
#include "clients/cpp/line_reader.h"
#include "clients/cpp/progress_bar.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

struct ImportSettings {
  absl::optional<ImportFormat> format;  // Unset: guessed from each file's first line.
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
  absl::StatusOr<uint64_t> batch_size = ParseCountFlag("--batch-size", args.Value("batch-size", "1000"));
  if (!batch_size.ok()) return batch_size.status();
  if (*batch_size < 1 || *batch_size > 1000) {
    return absl::InvalidArgumentError("--batch-size must be from 1 to 1000 (the server's limit)");
  }
  absl::StatusOr<uint64_t> in_flight = ParseCountFlag("--in-flight", args.Value("in-flight", "8"));
  if (!in_flight.ok()) return in_flight.status();
  if (*in_flight < 1 || *in_flight > 64) {
    return absl::InvalidArgumentError("--in-flight must be from 1 to 64");
  }
  settings.sender = {static_cast<int>(*batch_size), static_cast<int>(*in_flight)};
  settings.in_flight_given = args.Has("in-flight");
  return settings;
}

bool IsBlank(absl::string_view line) { return absl::StripAsciiWhitespace(line).empty(); }

// What stopped an import before its last file: a file that cannot be read
// or whose format cannot be told, or the error that stopped the sender.
struct Stop {
  absl::Status local;
  Result<void> rpc;
};

class Importer {
 public:
  Importer(const Client& client, const ImportSettings& settings,
           ImportLedger& ledger, ProgressBar& progress)
      : client_(client), settings_(settings), ledger_(ledger), progress_(progress) {}

  // Import records the rows of `path`, file `file` of the ledger.
  absl::optional<Stop> Import(const std::string& path, int file) {
    absl::StatusOr<std::unique_ptr<ImportInput>> input = OpenImportInput(path);
    if (!input.ok()) return Stop{input.status(), Result<void>()};
    LineReader lines(**input);
    // The first non-blank line tells the format, and is a header or data.
    std::string line;
    while (lines.Next(line) && IsBlank(line)) {
    }
    std::unique_ptr<RowReader> reader;
    ImportSettings settings = settings_;
    std::vector<SourcedRow> rows;
    if (!IsBlank(line)) {
      absl::StatusOr<ImportFormat> format =
          settings.format ? *settings.format : GuessImportFormat(line);
      absl::StatusOr<std::unique_ptr<RowReader>> made =
          format.ok() ? MakeRowReader(*format, line) : format.status();
      if (!made.ok()) {
        return Stop{absl::Status(made.status().code(),
                                 absl::StrCat(path, ": ", made.status().message())),
                    Result<void>()};
      }
      reader = *std::move(made);
      // NDJSON (an export) is recorded in the file's order unless told otherwise.
      if (*format == ImportFormat::kNdjson && !settings.in_flight_given) {
        settings.sender.in_flight = 1;
      }
      if (!HasHeader(*format)) reader->AddLine(line, lines.number(), rows);
    }
    EventSender sender(client_, settings.sender, ledger_);
    Take(file, rows, sender);
    while (reader != nullptr && !sender.failed() && lines.Next(line)) {
      reader->AddLine(line, lines.number(), rows);
      Take(file, rows, sender);
      progress_.Update(bytes_done_ + (*input)->consumed(),
                       [this] { return ledger_.tally().rows; });
    }
    if (reader != nullptr && !sender.failed()) {
      reader->Finish(rows);
      Take(file, rows, sender);
    }
    // The damage of a compressed file is one row: what was decoded before it is imported.
    if (const absl::Status damage = (*input)->damage(); !damage.ok() && !sender.failed()) {
      ledger_.RowRead(file);
      ledger_.Rejected({file, lines.number() + 1, ""}, std::string(damage.message()));
    }
    bytes_done_ += (*input)->consumed();
    Result<void> sent = sender.Finish();
    if (!sent.ok()) return Stop{absl::OkStatus(), std::move(sent)};
    return absl::nullopt;
  }

 private:
  void Take(int file, std::vector<SourcedRow>& rows, EventSender& sender) {
    for (SourcedRow& sourced : rows) {
      ledger_.RowRead(file);
      RowRef where{file, sourced.line, std::move(sourced.record)};
      ImportRow& row = sourced.row;
      switch (row.kind) {
        case ImportRow::Kind::kEvent:
          sender.Add(std::move(where), std::move(row.event));
          break;
        case ImportRow::Kind::kRetraction:
          sender.Retract(where, row.retraction);
          break;
        case ImportRow::Kind::kObservation:
          sender.Add(std::move(where), std::move(row.observation));
          break;
        case ImportRow::Kind::kSkipped:
          ledger_.Skipped(where, row.reason);
          break;
        case ImportRow::Kind::kRejected:
          ledger_.Rejected(where, row.reason);
          break;
      }
    }
    rows.clear();
  }

  const Client& client_;
  const ImportSettings& settings_;
  ImportLedger& ledger_;
  ProgressBar& progress_;
  uint64_t bytes_done_ = 0;  // Of the files before the current one.
};

int RunImport(const Context& context, const ParsedArgs& args) {
  absl::StatusOr<ImportSettings> settings = ReadSettings(args);
  if (!settings.ok()) return ReportUsageError(settings.status());
  absl::StatusOr<ImportPaths> paths = ExpandImportPaths(args.positionals());
  if (!paths.ok()) return ReportLocalError(paths.status());
  std::ofstream rejects_file;
  if (args.Has("rejects")) {
    rejects_file.open(args.Value("rejects"), std::ios::trunc);
    if (!rejects_file) {
      return ReportLocalError(
          absl::ErrnoToStatus(errno, absl::StrCat("cannot write ", args.Value("rejects"))));
    }
  }

  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  const bool terminal = isatty(STDERR_FILENO);
  const std::vector<std::string>& files = paths->files;
  ImportLedger ledger(files,
                      rejects_file.is_open() ? static_cast<std::ostream&>(rejects_file) : std::cerr,
                      terminal && !rejects_file.is_open());
  ProgressBar progress(paths->total_bytes, terminal);
  Importer importer(*client, *settings, ledger, progress);
  absl::optional<Stop> stop;
  size_t done = 0;
  while (done < files.size() && !stop) {
    stop = importer.Import(files[done], static_cast<int>(done));
    ++done;
  }
  progress.Clear();
  // With several files, a line each before the total.
  for (size_t i = 0; files.size() > 1 && i < done; ++i) {
    const ImportTally tally = ledger.file_tally(static_cast<int>(i));
    std::cout << (context.json ? SummaryJson(tally, &files[i])
                               : absl::StrCat(files[i], ": ", SummaryLine(tally)))
              << '\n';
  }
  const ImportTally tally = ledger.tally();
  std::cout << (context.json ? SummaryJson(tally) : SummaryLine(tally)) << std::endl;
  if (stop && !stop->local.ok()) return ReportLocalError(stop->local);
  if (stop) return ReportRpcError(context, stop->rpc.error());
  return tally.rejected > 0 ? kExitFailed : kExitOk;
}

}  // namespace

Command ImportCommand() {
  return {{"import", "FILE|DIR... [--format ndjson|gdelt|icews|plover|cow] [--rejects FILE]",
           "Records every event of files (FILE - reads stdin; a DIR, its files in name order).\n"
           "Formats: NDJSON (DiplomaticEvent or LogRecord JSON per line, as audit export writes),\n"
           "GDELT 1.0/2.0 event exports, the ICEWS Dataverse export, PLOVER records (a JSON array\n"
           "or JSON lines; a row per source-target pair), the Correlates of War Diplomatic\n"
           "Exchange CSV (each dyad-year an observation of representation both ways); guessed\n"
           "from each file's first line\n"
           "when --format is not given. Files may be gzip-compressed (.gz) or zip archives\n"
           "(.zip: every file inside), told by their content. GDELT, ICEWS, PLOVER and COW rows get\n"
           "stable ids, so importing a file twice adds nothing. Ends with \"imported N,\n"
           "duplicates D, rejected R, skipped S (T rows read)\", after a line per file when there\n"
           "are several; each rejected or skipped row is reported with its file and line, damage\n"
           "to a compressed file as one rejected row. Exit code 1 when any row was rejected.",
           {{"format", true,
             "FORMAT ndjson, gdelt, icews, plover or cow (default: guessed per file)"},
            {"rejects", true, "FILE write the rejected and skipped rows' reasons there, not stderr"},
            {"batch-size", true, "N events per RecordEvents call, 1 to 1000 (default 1000)"},
            {"in-flight", true,
             "N calls in flight at once (default 8; 1 for NDJSON, to keep the file's order)"}},
           1, std::numeric_limits<int>::max()},
          RunImport};
}

}  // namespace chancery::cli
