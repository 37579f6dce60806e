// The SQLite schema of the event log, its version, and its migrations.
//
// A Chancery database is marked with PRAGMA application_id and carries its
// schema version in PRAGMA user_version. docs/storage.md describes the tables.

#ifndef CHANCERY_EVENTSTORE_SQLITE_SCHEMA_H_
#define CHANCERY_EVENTSTORE_SQLITE_SCHEMA_H_

#include <cstdint>

#include "absl/status/status.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

// "CHNC": the application_id of every Chancery database.
inline constexpr int64_t kApplicationId = 0x43484E43;
// The schema version this build writes.
// 2: the secret; 3: recorded_by; 4: subscription groups; 5: their members;
// 6: correlation and causation ids.
inline constexpr int64_t kSchemaVersion = 6;

// The table and index definitions, also used by the raw-SQLite benchmark
// baseline so that both write the same rows and indexes.
extern const char kCreateSchemaV1[];
// Versions 3 and 6 add the events table's other columns: the recorder, and
// the correlation and causation ids.
extern const char kAddRecordedBy[];
extern const char kAddCausation[];
// Version 2 adds the table of the database's secret (store_secret.h).
extern const char kAddSecretTable[];

// PrepareSchema makes `connection` hold the current schema: it creates it in
// an empty database, migrates an older Chancery database, and refuses a file
// of another application or of a newer schema version with a clear error.
absl::Status PrepareSchema(Connection& connection);

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_SCHEMA_H_
