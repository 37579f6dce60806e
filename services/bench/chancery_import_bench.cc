// chancery_import_bench: `chancery import` of 100,000 GDELT rows over gRPC
// into a full-durability chanceryd, against raw SQLite inserting the same
// rows in the same run (issue #11's figure).
//
// It writes 100,000 made-up GDELT 1.0 rows (58 columns: 40 countries, 20
// CAMEO codes, ten years of dates), makes the events the importer makes of
// them and what the server stores of those (normalized payload, stream,
// valid time), then measures:
//   1. raw SQLite inserting those rows in batches of 100, one transaction
//      per batch, WAL and synchronous=FULL, with the store's schema and
//      indexes (eventstore/bench/raw_sqlite_baseline.h; the hash chain is
//      computed before its clock starts, so the baseline holds no SHA-256);
//   2. the store alone: the same events appended in process in the
//      importer's default batches of 1,000, one request at a time;
//   3. the real `chancery import` binary, beside this one, into a fresh
//      chanceryd started with --durability=full: wall time from start to
//      exit, the whole pipeline (reading, parsing, gRPC, validation, append);
//   4. the raw baseline again, since this machine's speed drifts.
// The ratio is 3 over the mean of 1 and 4; the target is 1.
//
// Usage: build/bin/chancery_import_bench [--rows=N] [extra chancery import flags...]

#include <sys/resource.h>

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
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clients/cpp/import_row.h"
#include "clients/cpp/testing/gdelt_rows.h"
#include "eventstore/bench/raw_sqlite_baseline.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "services/bench/load_support.h"
#include "services/server/record_events.h"

namespace chancery::bench {
namespace {

constexpr int kRawBatchSize = 100;     // The baseline.
constexpr int kImportBatchSize = 1000;  // chancery import's default.

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

// StoreRequests: what the server stores of `events` sent in batches of
// `batch_size`, as it plans a RecordEvents call (services/server): each event
// normalized, serialized deterministically, in its dyad's stream, valid from
// midnight UTC of its date; consecutive events of one stream share a part.
std::vector<eventstore::AppendRequest> StoreRequests(const std::vector<v1::DiplomaticEvent>& events,
                                                     int batch_size) {
  std::vector<eventstore::AppendRequest> requests;
  for (size_t first = 0; first < events.size(); first += batch_size) {
    eventstore::AppendRequest& request = requests.emplace_back();
    for (size_t i = first; i < first + batch_size && i < events.size(); ++i) {
      server::PlannedRecord record = server::PlanRecord(events[i]);
      if (request.streams.empty() || request.streams.back().stream != record.stream) {
        request.streams.push_back(
            {std::move(record.stream), eventstore::ExpectedRevision::Any(), {}});
      }
      request.streams.back().events.push_back(std::move(record.data));
    }
  }
  return requests;
}

// RawRows: the rows of `requests` as the raw baseline writes them, in order.
std::vector<eventstore::bench::RawRow> RawRows(const std::vector<eventstore::AppendRequest>& requests) {
  std::vector<eventstore::bench::RawRow> rows;
  for (const eventstore::AppendRequest& request : requests) {
    for (const eventstore::StreamAppend& part : request.streams) {
      for (const eventstore::EventData& event : part.events) rows.push_back({part.stream, event});
    }
  }
  return rows;
}

// StoreAloneRate appends `requests` one at a time to a new store at `path` (full
// durability) and returns events per second.
double StoreAloneRate(const std::string& path, std::vector<eventstore::AppendRequest> requests,
                 int events) {
  auto store = eventstore::OpenEventStore("sqlite:" + path, eventstore::Durability::kFull);
  if (!store.ok()) Die(store.status().ToString());
  Stopwatch clock;
  for (eventstore::AppendRequest& request : requests) {
    if (!(*store)->Append(std::move(request)).ok()) Die("store append failed");
  }
  return events / clock.Seconds();
}

double ChildrenCpuSeconds() {
  rusage usage;
  getrusage(RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         1e-6 * (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
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

  // The events the importer makes of the rows, and what the store stores of them.
  std::vector<v1::DiplomaticEvent> events;
  std::unique_ptr<cli::RowParser> parser = cli::NewGdeltParser();
  for (int i = 0; i < rows; ++i) {
    cli::ImportRow row = parser->Parse(testing::GdeltLine(bench::MadeUpRow(i)));
    if (row.kind != cli::ImportRow::Kind::kEvent) bench::Die("made-up row " + row.reason);
    events.push_back(std::move(row.event));
  }
  std::vector<eventstore::AppendRequest> requests =
      bench::StoreRequests(events, bench::kImportBatchSize);
  const std::vector<eventstore::bench::RawRow> raw_rows = bench::RawRows(requests);

  // 1. Raw SQLite, batches of 100.
  const eventstore::bench::RawInsertRate raw_before =
      eventstore::bench::RawBatchedInsertRate(dir.File("raw1.db"), raw_rows, bench::kRawBatchSize);

  // 2. The store alone, in process.
  const double store_rate = bench::StoreAloneRate(dir.File("store.db"), std::move(requests), rows);

  // 3. The chancery binary into chanceryd, over gRPC.
  auto server = bench::StartChanceryd(argv[0], dir.File("import.db"));
  const std::string chancery =
      (std::filesystem::path(argv[0]).parent_path() / "chancery").string();
  const std::string command =
      absl::StrCat(chancery, " --server=", server->address(), " import ", file, " ",
                   absl::StrJoin(import_flags, " "), " > ", dir.File("summary.txt"), " 2>&1");
  const double server_cpu_before = bench::CpuSeconds(server->pid());
  const double client_cpu_before = bench::ChildrenCpuSeconds();
  bench::Stopwatch clock;
  const int exit_code = std::system(command.c_str());
  const double seconds = clock.Seconds();
  const double server_cpu = bench::CpuSeconds(server->pid()) - server_cpu_before;
  const double client_cpu = bench::ChildrenCpuSeconds() - client_cpu_before;
  std::ifstream summary_file(dir.File("summary.txt"));
  std::string summary;
  std::getline(summary_file, summary);
  if (exit_code != 0) bench::Die("chancery import failed: " + summary);
  const double import_rate = rows / seconds;
  server.reset();

  // 4. Raw SQLite again.
  const eventstore::bench::RawInsertRate raw_after =
      eventstore::bench::RawBatchedInsertRate(dir.File("raw2.db"), raw_rows, bench::kRawBatchSize);
  const double raw_rate = (raw_before.rows_per_second + raw_after.rows_per_second) / 2;

  std::printf("rows: %d GDELT 1.0 rows; %s\n", rows, summary.c_str());
  std::printf("raw SQLite (batches of %d, a transaction each, WAL, synchronous=FULL): "
              "%.0f rows/s before the import, %.0f after, mean %.0f; %.0f pages written per "
              "transaction\n",
              bench::kRawBatchSize, raw_before.rows_per_second, raw_after.rows_per_second, raw_rate,
              raw_before.pages_per_commit);
  std::printf("store alone (in process, batches of %d, full): %.0f events/s; ratio %.2f to raw\n",
              bench::kImportBatchSize, store_rate, store_rate / raw_rate);
  std::printf("chancery import over gRPC (full): %.0f rows/s in %.2f s; CPU: chanceryd %.2f s, "
              "chancery import %.2f s\n",
              import_rate, seconds, server_cpu, client_cpu);
  std::printf("ratio import / raw SQLite: %.2f (target: 1)\n", import_rate / raw_rate);
  return 0;
}
