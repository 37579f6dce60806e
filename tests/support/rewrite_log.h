// RewriteLog: what an attacker with the database file can do: change one
// record's payload and recompute every hash of the chain from there, so that
// the chain verifies again. Only a checkpoint kept elsewhere shows it.

#ifndef CHANCERY_TESTS_SUPPORT_REWRITE_LOG_H_
#define CHANCERY_TESTS_SUPPORT_REWRITE_LOG_H_

#include <sqlite3.h>

#include <string>

#include "eventstore/hash_chain.h"
#include "gtest/gtest.h"

namespace chancery::testing {

// RewriteLog changes the summary of the event at `position` of the stopped
// server's database at `db_path` to "Rewritten" (it appends a field 8, which
// protobuf reads as replacing the first) and rewrites the chain from there.
inline void RewriteLog(const std::string& db_path, uint64_t position) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  const std::string rewrite =
      "UPDATE events SET payload = payload || x'420952657772697474656e' WHERE position = " +
      std::to_string(position);
  ASSERT_EQ(sqlite3_exec(db, rewrite.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_stmt* rows = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT position, stream, revision, event_id, event_type, "
                               "valid_time, recorded_time, payload, recorded_by FROM events "
                               "ORDER BY position",
                               -1, &rows, nullptr),
            SQLITE_OK);
  sqlite3_stmt* update = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE events SET hash = ? WHERE position = ?", -1, &update,
                               nullptr),
            SQLITE_OK);
  const auto text = [&](int column) {
    return std::string(static_cast<const char*>(sqlite3_column_blob(rows, column)),
                       sqlite3_column_bytes(rows, column));
  };
  std::string previous = eventstore::GenesisHash();
  while (sqlite3_step(rows) == SQLITE_ROW) {
    const uint64_t at = sqlite3_column_int64(rows, 0);
    eventstore::EventData data{text(3), text(4), text(7), sqlite3_column_int64(rows, 5), text(8)};
    previous = eventstore::ChainHash(previous, at, text(1), sqlite3_column_int64(rows, 2), data,
                                     sqlite3_column_int64(rows, 6));
    if (at < position) continue;
    sqlite3_bind_blob(update, 1, previous.data(), static_cast<int>(previous.size()),
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(update, 2, static_cast<sqlite3_int64>(at));
    ASSERT_EQ(sqlite3_step(update), SQLITE_DONE);
    sqlite3_reset(update);
  }
  sqlite3_finalize(update);
  sqlite3_finalize(rows);
  sqlite3_close(db);
}

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_SUPPORT_REWRITE_LOG_H_
