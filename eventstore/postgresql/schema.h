// The event log's tables in PostgreSQL, and their versions.
//
// A database holds one log in tables whose names start with chancery_, so it
// may hold other tables too. chancery_schema's one row is the schema
// version; a database at an older version is migrated at open, one at a
// newer version refused. Replicas opening one database at once migrate it
// once: the migration holds a transaction-scoped advisory lock.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_SCHEMA_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_SCHEMA_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

// 2: subscription groups; 3: their members; 4: correlation and causation ids.
inline constexpr int64_t kSchemaVersion = 4;

// The advisory lock keys (pg_advisory_xact_lock) of the log: one held by
// every append transaction, so that positions are given out, and commit, in
// order; one held while the schema is checked and migrated.
inline constexpr int64_t kAppendLock = 0x6368616e63657279;  // "chancery"
inline constexpr int64_t kSchemaLock = kAppendLock + 1;

// PrepareSchema creates or migrates the tables, then returns the
// database's secret (eventstore/secret.h). FAILED_PRECONDITION for a
// database of a newer schema version.
absl::StatusOr<std::string> PrepareSchema(Connection& connection);

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_SCHEMA_H_
