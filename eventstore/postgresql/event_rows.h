// Rows of chancery_events: read as RecordedEvents, written from them.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_EVENT_ROWS_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_EVENT_ROWS_H_

#include "absl/status/statusor.h"
#include "eventstore/append_rules.h"
#include "eventstore/event.h"
#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

// The columns EventFromRow and ViewOfRow read, in their order.
inline constexpr char kEventColumns[] =
    "position, stream, revision, event_id, event_type, valid_time, recorded_time, payload, "
    "hash, recorded_by";

// The event in row `row` of `result`, selected with kEventColumns.
RecordedEvent EventFromRow(const Result& result, int row);
// The same, viewed in place: valid while `result` lives.
RecordedEventView ViewOfRow(const Result& result, int row);

// InsertEvent stores `event` as it is, or nothing and false if its id is
// stored already.
absl::StatusOr<bool> InsertEvent(Connection& connection, const RecordedEventView& event);

// ReadHead: the last event of the chain, as the connection sees it.
absl::StatusOr<ChainHead> ReadHead(Connection& connection);

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_EVENT_ROWS_H_
