// The database's secret (EventStore::Secret, eventstore/secret.h) in
// SQLite: one row of the table `secret`, written when the schema reaches
// version 2 (a new database, or a version 1 one at open).

#ifndef CHANCERY_EVENTSTORE_SQLITE_STORE_SECRET_H_
#define CHANCERY_EVENTSTORE_SQLITE_STORE_SECRET_H_

#include <string>

#include "absl/status/statusor.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

// CreateSecret stores a new random secret; the table must be empty.
absl::Status CreateSecret(Connection& connection);

// ReadSecret returns the stored secret; DATA_LOSS if it is missing or not
// 32 bytes.
absl::StatusOr<std::string> ReadSecret(Connection& connection);

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_STORE_SECRET_H_
