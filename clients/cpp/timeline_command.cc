// chancery timeline A B: a dyad's events in date order and its score over time.

#include <cerrno>
#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/score_chart.h"
#include "clients/cpp/table.h"

namespace chancery::cli {
namespace {

absl::Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return absl::ErrnoToStatus(errno, absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

int RunTimeline(const Context& context, const ParsedArgs& args) {
  v1::GetTimelineRequest request;
  request.set_dyad(DyadName(args.positionals()[0], args.positionals()[1]));
  if (absl::Status status = ReadDateRange(args, request); !status.ok()) {
    return ReportUsageError(status);
  }
  if (args.Has("svg") && args.Value("svg").empty()) {
    return ReportUsageError(absl::InvalidArgumentError("--svg needs a file name"));
  }
  request.set_page_size(1000);
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Table table({"DATE", "POSITION", "EVENT", "GOLDSTEIN"});
  ScoreSeries series;
  do {
    Result<v1::GetTimelineResponse> page = client->GetTimeline(request, WithTimeout());
    if (!page.ok()) return ReportRpcError(context, page.error());
    // Aggregates come with the first page only.
    if (request.page_token().empty()) series = SeriesFromMonths(page->dyad(), page->months());
    if (context.json) PrintJsonLine(*page, std::cout);
    for (const v1::TimelineEntry& entry : page->entries()) {
      table.AddRow({RecordDate(entry.record()), absl::StrCat(entry.record().position()),
                    Shorten(RecordWhat(entry.record()), 90),
                    absl::StrFormat("%.1f", entry.record().event().goldstein())});
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());

  if (!context.json) {
    if (table.empty()) {
      std::cout << "no events in " << series.title << " for these dates" << std::endl;
    } else {
      table.Print(std::cout, context.colour);
      std::cout << "\n" << TerminalChart(series) << std::flush;
    }
  }
  if (args.Has("svg")) {
    if (absl::Status status = WriteFile(args.Value("svg"), SvgChart(series)); !status.ok()) {
      return ReportLocalError(status);
    }
    if (!context.json) std::cerr << "wrote the chart to " << args.Value("svg") << std::endl;
  }
  return kExitOk;
}

}  // namespace

Command TimelineCommand() {
  return {{"timeline", "A B [--from DATE] [--to DATE] [--svg FILE]",
           "The A-B dyad's events in date order and a chart of its score.\n"
           "The chart of the score over time is drawn in the terminal; --svg also writes it as\n"
           "an SVG file, status changes marked.",
           {{"from", true, "DATE first date to include, YYYY-MM-DD (default: the first event)"},
            {"to", true, "DATE last date to include, YYYY-MM-DD (default: the last event)"},
            {"svg", true, "FILE also write the chart to FILE as SVG"}},
           2, 2},
          RunTimeline};
}

}  // namespace chancery::cli
