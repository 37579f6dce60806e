#include "eventstore/bench/raw_sqlite_baseline.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "absl/container/flat_hash_map.h"
#include "eventstore/hash_chain.h"
#include "eventstore/sqlite/schema.h"

namespace chancery::eventstore::bench {
namespace {

// Recorded times of the baseline's rows: this plus the position.
constexpr int64_t kRecordedTimeUs = 1700000000000000;

void Check(int code, sqlite3* db) {
  if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    std::abort();
  }
}

}  // namespace

std::vector<RawPlacement> PlaceRows(const std::vector<RawRow>& rows) {
  std::vector<RawPlacement> places(rows.size());
  absl::flat_hash_map<std::string, int64_t> revisions;  // Stream -> its last revision.
  std::string previous = GenesisHash();
  for (size_t i = 0; i < rows.size(); ++i) {
    RawPlacement& place = places[i];
    place.position = static_cast<int64_t>(i) + 1;
    auto [last, added] = revisions.try_emplace(rows[i].stream, kNoStreamRevision);
    place.revision = ++last->second;
    place.recorded_time_us = kRecordedTimeUs + place.position;
    place.hash = ChainHash(previous, place.position, rows[i].stream, place.revision, rows[i].data,
                           place.recorded_time_us);
    previous = place.hash;
  }
  return places;
}

RawDatabase::RawDatabase(const std::string& path) {
  Check(sqlite3_open(path.c_str(), &db_), db_);
  Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL");
  Execute(sqlite::kCreateSchemaV1);
  Execute(sqlite::kAddRecordedBy);
  Execute(sqlite::kAddCausation);
  Check(sqlite3_prepare_v2(db_,
                           "INSERT INTO events (position, event_id, stream, revision, "
                           "event_type, valid_time, recorded_time, payload, hash, recorded_by, "
                           "correlation_id, causation_id) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &insert_, nullptr),
        db_);
}

RawDatabase::~RawDatabase() {
  sqlite3_finalize(insert_);
  sqlite3_close(db_);
}

void RawDatabase::Insert(const RawRow& row, const RawPlacement& place) {
  const EventData& data = row.data;
  sqlite3_bind_int64(insert_, 1, place.position);
  sqlite3_bind_text(insert_, 2, data.event_id.data(), data.event_id.size(), SQLITE_STATIC);
  sqlite3_bind_text(insert_, 3, row.stream.data(), row.stream.size(), SQLITE_STATIC);
  sqlite3_bind_int64(insert_, 4, place.revision);
  sqlite3_bind_text(insert_, 5, data.event_type.data(), data.event_type.size(), SQLITE_STATIC);
  sqlite3_bind_int64(insert_, 6, data.valid_time_us);
  sqlite3_bind_int64(insert_, 7, place.recorded_time_us);
  sqlite3_bind_blob(insert_, 8, data.payload.data(), data.payload.size(), SQLITE_STATIC);
  sqlite3_bind_blob(insert_, 9, place.hash.data(), place.hash.size(), SQLITE_STATIC);
  sqlite3_bind_text(insert_, 10, data.recorded_by.data(), data.recorded_by.size(), SQLITE_STATIC);
  sqlite3_bind_text(insert_, 11, data.correlation_id.data(), data.correlation_id.size(),
                    SQLITE_STATIC);
  sqlite3_bind_text(insert_, 12, data.causation_id.data(), data.causation_id.size(),
                    SQLITE_STATIC);
  Check(sqlite3_step(insert_), db_);
  sqlite3_reset(insert_);
}

void RawDatabase::Execute(const char* sql) {
  Check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_);
}

int64_t RawDatabase::PagesWritten() {
  int current = 0, highest = 0;
  Check(sqlite3_db_status(db_, SQLITE_DBSTATUS_CACHE_WRITE, &current, &highest, 0), db_);
  return current;
}

RawInsertRate RawBatchedInsertRate(const std::string& path, const std::vector<RawRow>& rows,
                                   int batch_size) {
  const std::vector<RawPlacement> places = PlaceRows(rows);
  RawDatabase raw(path);
  const int64_t pages_before = raw.PagesWritten();
  const auto start = std::chrono::steady_clock::now();
  for (size_t first = 0; first < rows.size(); first += batch_size) {
    raw.Execute("BEGIN");
    for (size_t i = first; i < first + batch_size && i < rows.size(); ++i) {
      raw.Insert(rows[i], places[i]);
    }
    raw.Execute("COMMIT");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const size_t commits = (rows.size() + batch_size - 1) / batch_size;
  return {rows.size() / seconds,
          static_cast<double>(raw.PagesWritten() - pages_before) / std::max<size_t>(commits, 1)};
}

double RawScanSeconds(const std::string& path, int64_t& rows) {
  sqlite3* db = nullptr;
  Check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), db);
  sqlite3_stmt* query = nullptr;
  Check(sqlite3_prepare_v2(db,
                           "SELECT position, stream, event_type, recorded_time, payload, hash "
                           "FROM events ORDER BY position",
                           -1, &query, nullptr),
        db);
  const auto start = std::chrono::steady_clock::now();
  rows = 0;
  int64_t bytes = 0;  // Summed so that the reads cannot be left out.
  int code;
  while ((code = sqlite3_step(query)) == SQLITE_ROW) {
    bytes += sqlite3_column_bytes(query, 4) + sqlite3_column_int64(query, 0);
    ++rows;
  }
  Check(code, db);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sqlite3_finalize(query);
  sqlite3_close(db);
  if (rows > 0 && bytes == 0) {
    std::fprintf(stderr, "the raw scan read no bytes\n");
    std::abort();
  }
  return seconds;
}

}  // namespace chancery::eventstore::bench
