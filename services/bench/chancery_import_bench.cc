// chancery_import_bench: `chancery import` of 100,000 GDELT rows over gRPC
// into a full-durability chanceryd, against the event store's own batched
// append of the same events in the same run (issue #5's figures).
//
// It writes 100,000 made-up GDELT 1.0 rows (58 columns: 40 countries, 20
// CAMEO codes, ten years of dates), then measures:
//   1. the store alone: the rows' events, parsed and normalized beforehand,
//      appended in process in batches of 500 (the importer's batch size);
//   2. the real `chancery import` binary, beside this one, into a fresh
//      chanceryd started with --durability=full: wall time from start to
//      exit, the whole pipeline (reading, parsing, gRPC, validation, append).
// The ratio is 2 over 1; the targets are 50,000 rows/s and 0.5.
//
// Usage: build/bin/chancery_import_bench [--rows=N] [extra chancery import flags...]

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "clients/cpp/import_row.h"
#include "eventstore/testing/temp_dir.h"
#include "services/bench/load_support.h"
#include "tests/support/gdelt_rows.h"

namespace chancery::bench {
namespace {

constexpr int kBatchSize = 500;

// The i-th made-up row: a bilateral event between two of 40 countries.
testing::GdeltRow MadeUpRow(int i) {
  static const char* const kCountries[] = {
      "USA", "KHM", "CHN", "VNM", "THA", "LAO", "JPN", "FRA", "AUS", "GBR",
      "DEU", "RUS", "IND", "PAK", "IRN", "ISR", "EGY", "NGA", "BRA", "MEX",
      "CAN", "KOR", "PRK", "IDN", "MYS", "PHL", "SGP", "TUR", "SAU", "ZAF",
      "KEN", "ETH", "ARG", "CHL", "COL", "PER", "POL", "UKR", "ITA", "ESP"};
  static const char* const kCodes[] = {"010", "020", "036", "040", "042", "043", "051",
                                       "057", "061", "071", "090", "111", "112", "120",
                                       "130", "141", "163", "172", "173", "190"};
  testing::GdeltRow row;
  row.global_event_id = std::to_string(500000000 + i);
  row.sql_date = absl::StrCat(2010 + i % 10, absl::StrFormat("%02d%02d", 1 + i % 12, 1 + i % 28));
  row.actor1_country = kCountries[i % 40];
  row.actor2_country = kCountries[(i / 40 + 1 + i % 40) % 40];
  if (row.actor2_country == row.actor1_country) row.actor2_country = "USA";
  row.actor1_name = row.actor1_country;
  row.actor2_name = row.actor2_country;
  row.event_code = kCodes[i % 20];
  row.quad_class = "";  // The server derives it.
  row.goldstein = "";
  row.source_url = absl::StrCat("https://news.example.com/", i);
  return row;
}

std::string WriteRows(const std::string& path, int rows) {
  std::ofstream out(path);
  for (int i = 0; i < rows; ++i) out << testing::GdeltLine(MadeUpRow(i)) << '\n';
  return path;
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery;
  int rows = 100000;
  std::vector<std::string> import_flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--rows=")) {
      if (!absl::SimpleAtoi(arg.substr(7), &rows) || rows <= 0) bench::Die("bad " + arg);
    } else {
      import_flags.push_back(arg);
    }
  }
  bench::PrintMachine();
  testing::TempDir dir;
  const std::string file = bench::WriteRows(dir.File("events.export.CSV"), rows);

  // 1. The store alone, on the events the importer makes of the same rows.
  std::unique_ptr<cli::RowParser> parser = cli::NewGdeltParser();
  const double store_rate = bench::StoreBatchedRate(
      dir.File("baseline.db"), rows, bench::kBatchSize, [&](int i) {
        cli::ImportRow row = parser->Parse(testing::GdeltLine(bench::MadeUpRow(i)));
        if (row.kind != cli::ImportRow::Kind::kEvent) bench::Die("made-up row " + row.reason);
        return row.event;
      }).events_per_second;

  // 2. The chancery binary into chanceryd, over gRPC.
  auto server = bench::StartChanceryd(argv[0], dir.File("import.db"));
  const std::string chancery =
      (std::filesystem::path(argv[0]).parent_path() / "chancery").string();
  const std::string command =
      absl::StrCat(chancery, " --server=", server->address(), " import ", file, " ",
                   absl::StrJoin(import_flags, " "), " > ", dir.File("summary.txt"), " 2>&1");
  bench::Stopwatch clock;
  const int exit_code = std::system(command.c_str());
  const double seconds = clock.Seconds();
  std::ifstream summary_file(dir.File("summary.txt"));
  std::string summary;
  std::getline(summary_file, summary);
  if (exit_code != 0) bench::Die("chancery import failed: " + summary);
  const double import_rate = rows / seconds;

  std::printf("rows: %d GDELT 1.0 rows; %s\n", rows, summary.c_str());
  std::printf("store batched append (in process, batches of %d, full): %.0f events/s\n",
              bench::kBatchSize, store_rate);
  std::printf("chancery import over gRPC (full): %.0f rows/s in %.2f s; ratio %.2f "
              "(targets: 50,000 rows/s, 0.5)\n",
              import_rate, seconds, import_rate / store_rate);
  return 0;
}
