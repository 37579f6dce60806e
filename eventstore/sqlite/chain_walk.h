// WalkChain: the hash chain of the events table verified in position order,
// by the live store's VerifyChain and by the check of a backup alike.

#ifndef CHANCERY_EVENTSTORE_SQLITE_CHAIN_WALK_H_
#define CHANCERY_EVENTSTORE_SQLITE_CHAIN_WALK_H_

#include "absl/status/statusor.h"
#include "eventstore/event_store.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

// WalkChain checks every record of `connection`'s log up to its last or the
// first bad one. A record that cannot be read ends the walk with SQLite's
// error, naming the position after the last one verified.
absl::StatusOr<VerifyResult> WalkChain(Connection& connection);

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_CHAIN_WALK_H_
