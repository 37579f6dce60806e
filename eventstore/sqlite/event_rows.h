// Reading rows of the events table into RecordedEvent.

#ifndef CHANCERY_EVENTSTORE_SQLITE_EVENT_ROWS_H_
#define CHANCERY_EVENTSTORE_SQLITE_EVENT_ROWS_H_

#include "absl/status/statusor.h"
#include "eventstore/append_rules.h"
#include "eventstore/event.h"
#include "eventstore/sqlite/connection.h"

namespace chancery::eventstore::sqlite {

// The columns EventFromRow expects, in its order, for a SELECT list.
inline constexpr char kEventColumns[] =
    "position, stream, revision, event_id, event_type, valid_time, recorded_time, payload, hash, "
    "recorded_by, correlation_id, causation_id";

// EventFromRow copies the current row of a statement selecting kEventColumns.
RecordedEvent EventFromRow(const Statement& row);

// EventViewFromRow views the current row in place (valid until the next
// step of the statement).
RecordedEventView EventViewFromRow(const Statement& row);

// ReadHead: the last event of the chain in the database `connection` opens.
absl::StatusOr<ChainHead> ReadHead(Connection& connection);

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_EVENT_ROWS_H_
