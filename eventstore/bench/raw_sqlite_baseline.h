// The raw-SQLite baselines the benchmarks measure against, in one place
// beside the store: event_store_benchmark and chancery_import_bench write
// with it, projection_benchmark reads with it.
//
// It writes the store's own events table and indexes (schema.h) on a plain
// connection in WAL mode with synchronous=FULL, through one prepared INSERT,
// with none of the store's work: no hand-off to a writer thread, no look-up
// of a stream's revision (revisions are counted in memory), no savepoints,
// no duplicate check. Every row's hash is a true link of the chain, computed
// with ChainHash before the clock starts: the file verifies, but the
// baseline's time holds no SHA-256.

#ifndef CHANCERY_EVENTSTORE_BENCH_RAW_SQLITE_BASELINE_H_
#define CHANCERY_EVENTSTORE_BENCH_RAW_SQLITE_BASELINE_H_

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "eventstore/event.h"

namespace chancery::eventstore::bench {

// A row as the baseline writes it: an event of a stream, in log order.
struct RawRow {
  std::string stream;
  EventData data;
};

// The place each row takes: position (1-based, row order), revision
// (counted per stream), recorded time and chained hash.
struct RawPlacement {
  int64_t position = 0;
  int64_t revision = 0;
  int64_t recorded_time_us = 0;
  std::string hash;
};
std::vector<RawPlacement> PlaceRows(const std::vector<RawRow>& rows);

// RawDatabase: the Chancery schema on a plain connection, WAL, FULL sync.
// Any SQLite error aborts the benchmark.
class RawDatabase {
 public:
  explicit RawDatabase(const std::string& path);
  ~RawDatabase();
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  void Insert(const RawRow& row, const RawPlacement& place);
  void Execute(const char* sql);
  // PagesWritten: how many pages SQLite has written (to the WAL) so far.
  int64_t PagesWritten();

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
};

struct RawInsertRate {
  double rows_per_second = 0;
  double pages_per_commit = 0;  // Pages written to the WAL per transaction.
};

// RawBatchedInsertRate inserts `rows` into a new database at `path`, one
// transaction (BEGIN ... COMMIT) per `batch_size` rows. Placing the rows
// (PlaceRows) is done before the clock starts.
RawInsertRate RawBatchedInsertRate(const std::string& path, const std::vector<RawRow>& rows,
                                   int batch_size);

// RawScanSeconds steps through every row of the log at `path` in position
// order, reading the columns a projection rebuild uses and copying nothing:
// the ceiling for any rebuild. Sets `rows` to how many it saw.
double RawScanSeconds(const std::string& path, int64_t& rows);

}  // namespace chancery::eventstore::bench

#endif  // CHANCERY_EVENTSTORE_BENCH_RAW_SQLITE_BASELINE_H_
