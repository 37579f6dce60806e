// The event store against raw SQLite, in one run (issue #2's three figures):
//   1. 100,000 events of ~300 bytes appended in batches of 100;
//   2. single-event appends from 64 threads, `full` durability;
//   3. reading 1,000,000 events in global order.
// Each raw baseline uses the same schema, indexes and durability, and writes
// the same rows (eventstore/bench/raw_sqlite_baseline.h, which
// chancery_import_bench shares). Run from a directory on the disk being measured:
//   build/bin/event_store_benchmark

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "eventstore/bench/ratio_reporter.h"
#include "eventstore/bench/raw_sqlite_baseline.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/temp_dir.h"

namespace chancery::bench {
using eventstore::AppendRequest;
using eventstore::Durability;
using eventstore::EventData;
using eventstore::ExpectedRevision;
using eventstore::bench::PlaceRows;
using eventstore::bench::RawBatchedInsertRate;
using eventstore::bench::RawDatabase;
using eventstore::bench::RawPlacement;
using eventstore::sqlite::SqliteEventStore;

constexpr int kBatchedEvents = 100000;
constexpr int kBatchSize = 100;
constexpr int kThreads = 64;
constexpr int kStoreSingleEvents = 20000;
constexpr int kRawSingleEvents = 4000;
constexpr int kReadEvents = 1000000;
constexpr int kStreams = 1000;

// A row as both sides write it (the raw side chains its hashes before the
// clock starts; the store computes its own).
using Row = eventstore::bench::RawRow;

std::vector<Row> MakeRows(int count) {
  std::mt19937_64 random(42);
  std::vector<Row> rows(count);
  for (int i = 0; i < count; ++i) {
    std::string payload(300, ' ');
    for (char& c : payload) c = static_cast<char>('a' + random() % 26);
    rows[i].stream = absl::StrCat("S", i / kBatchSize % kStreams);
    rows[i].data = {absl::StrCat("00000000-0000-4000-8000-", 100000000000 + i), "bench.Event",
                    std::move(payload), 1574726400000000 + i};
  }
  return rows;
}

// Where every benchmark database goes: a directory in the working directory,
// so that it sits on the disk being measured. Removed when main ends.
testing::TempDir* work_dir = nullptr;

const std::vector<Row>& Rows() {
  static const auto* rows = new std::vector<Row>(MakeRows(kBatchedEvents));
  return *rows;
}

std::unique_ptr<SqliteEventStore> OpenStore(const std::string& path, Durability durability) {
  auto store = SqliteEventStore::Open({path, durability});
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    std::abort();
  }
  return std::move(*store);
}

void Check(int code, sqlite3* db) {
  if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    std::abort();
  }
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void ReportRate(benchmark::State& state, int64_t events, double seconds) {
  state.SetIterationTime(seconds);
  state.counters[kRateCounter] = events / seconds;
}

// The requests of the batched benchmark, built before the clock starts, as
// the raw baseline's rows are.
std::vector<AppendRequest> BatchedRequests() {
  const std::vector<Row>& rows = Rows();
  std::vector<AppendRequest> requests(kBatchedEvents / kBatchSize);
  for (int first = 0; first < kBatchedEvents; first += kBatchSize) {
    AppendRequest& request = requests[first / kBatchSize];
    request.streams.push_back({rows[first].stream, ExpectedRevision::Any(), {}});
    for (int i = first; i < first + kBatchSize; ++i) {
      request.streams[0].events.push_back(rows[i].data);
    }
  }
  return requests;
}

void BM_StoreBatchedAppend(benchmark::State& state) {
  for (auto _ : state) {
    testing::TempDir dir(work_dir->path());
    auto store = OpenStore(dir.File("store.db"), Durability::kFull);
    std::vector<AppendRequest> requests = BatchedRequests();
    auto start = std::chrono::steady_clock::now();
    for (AppendRequest& request : requests) {
      if (!store->Append(std::move(request)).ok()) std::abort();
    }
    ReportRate(state, kBatchedEvents, Seconds(start));
  }
}

void BM_RawSqliteBatchedInsert(benchmark::State& state) {
  for (auto _ : state) {
    testing::TempDir dir(work_dir->path());
    const double rate =
        RawBatchedInsertRate(dir.File("raw.db"), Rows(), kBatchSize).rows_per_second;
    ReportRate(state, kBatchedEvents, kBatchedEvents / rate);
  }
}

void BM_StoreSingleAppends64Threads(benchmark::State& state) {
  const std::vector<Row>& rows = Rows();
  for (auto _ : state) {
    testing::TempDir dir(work_dir->path());
    auto store = OpenStore(dir.File("store.db"), Durability::kFull);
    std::atomic<int> next{0};
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (int i = next++; i < kStoreSingleEvents; i = next++) {
          AppendRequest request;
          request.streams.push_back({rows[i].stream, ExpectedRevision::Any(), {rows[i].data}});
          if (!store->Append(std::move(request)).ok()) std::abort();
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    ReportRate(state, kStoreSingleEvents, Seconds(start));
  }
}

// Raw SQLite's best at one event per transaction: one connection, no lock
// contention, each INSERT its own (synced) transaction.
void BM_RawSqliteTransactionPerEvent(benchmark::State& state) {
  const std::vector<Row> rows(Rows().begin(), Rows().begin() + kRawSingleEvents);
  const std::vector<RawPlacement> places = PlaceRows(rows);
  for (auto _ : state) {
    testing::TempDir dir(work_dir->path());
    RawDatabase raw(dir.File("raw.db"));
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRawSingleEvents; ++i) raw.Insert(rows[i], places[i]);
    ReportRate(state, kRawSingleEvents, Seconds(start));
  }
}

// The log that both read benchmarks read, written once by the store.
const std::string& ReadDatabase() {
  static const std::string* path = [] {
    auto* path = new std::string(work_dir->File("read.db"));
    auto store = OpenStore(*path, Durability::kNormal);
    const std::vector<Row>& rows = Rows();
    for (int first = 0; first < kReadEvents; first += 1000) {
      AppendRequest request;
      for (int i = first; i < first + 1000; i += kBatchSize) {
        request.streams.push_back({absl::StrCat("S", i / kBatchSize % kStreams),
                                   ExpectedRevision::Any(), {}});
        for (int j = i; j < i + kBatchSize; ++j) {
          EventData data = rows[j % kBatchedEvents].data;
          data.event_id = absl::StrCat("read-", j);
          request.streams.back().events.push_back(std::move(data));
        }
      }
      if (!store->Append(std::move(request)).ok()) std::abort();
    }
    return path;
  }();
  return *path;
}

void BM_StoreReadLog(benchmark::State& state) {
  auto store = OpenStore(ReadDatabase(), Durability::kFull);
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    int64_t events = 0;
    uint64_t from = 1;
    while (true) {
      auto page = store->ReadLog({from, "", {}, 4096});
      if (!page.ok()) std::abort();
      if (page->empty()) break;
      events += page->size();
      from = page->back().position + 1;
      benchmark::DoNotOptimize(page->back().hash.data());
    }
    if (events != kReadEvents) std::abort();
    ReportRate(state, events, Seconds(start));
  }
}

// Raw SQLite reading every column of every row, copying nothing.
void BM_RawSqliteSelect(benchmark::State& state) {
  sqlite3* db = nullptr;
  Check(sqlite3_open_v2(ReadDatabase().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db);
  sqlite3_stmt* select = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "SELECT position, stream, revision, event_id, event_type, "
                           "valid_time, recorded_time, payload, hash FROM events "
                           "ORDER BY position",
                           -1, &select, nullptr),
        db);
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    int64_t events = 0;
    size_t bytes = 0;
    while (sqlite3_step(select) == SQLITE_ROW) {
      for (int column : {1, 3, 4, 7, 8}) {
        bytes += sqlite3_column_bytes(select, column);
        benchmark::DoNotOptimize(sqlite3_column_blob(select, column));
      }
      for (int column : {0, 2, 5, 6}) bytes += sqlite3_column_int64(select, column) & 1;
      ++events;
    }
    sqlite3_reset(select);
    benchmark::DoNotOptimize(bytes);
    if (events != kReadEvents) std::abort();
    ReportRate(state, events, Seconds(start));
  }
  sqlite3_finalize(select);
  sqlite3_close(db);
}

BENCHMARK(BM_StoreBatchedAppend)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawSqliteBatchedInsert)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreSingleAppends64Threads)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawSqliteTransactionPerEvent)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StoreReadLog)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawSqliteSelect)->UseManualTime()->Iterations(3)->Unit(benchmark::kMillisecond);

}  // namespace chancery::bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  chancery::bench::RatioReporter reporter({
      {"BM_StoreBatchedAppend", "BM_RawSqliteBatchedInsert", "1. batched append / raw inserts", 0.8},
      {"BM_StoreSingleAppends64Threads", "BM_RawSqliteTransactionPerEvent",
       "2. 64-thread appends / raw txn per event", 5.0},
      {"BM_StoreReadLog", "BM_RawSqliteSelect", "3. read 1M in order / raw SELECT", 0.5},
  });
  chancery::testing::TempDir work_dir(".");
  chancery::bench::work_dir = &work_dir;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.PrintRatios();
  benchmark::Shutdown();
}
