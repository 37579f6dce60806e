// Rows of chancery_events: read as RecordedEvents, written from them.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_EVENT_ROWS_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_EVENT_ROWS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/append_rules.h"
#include "eventstore/event.h"
#include "eventstore/postgresql/connection.h"

namespace chancery::eventstore::postgresql {

// The columns EventFromRow and ViewOfRow read, in their order.
inline constexpr char kEventColumns[] =
    "position, stream, revision, event_id, event_type, valid_time, recorded_time, payload, "
    "hash, recorded_by, correlation_id, causation_id";

// The event in row `row` of `result`, selected with kEventColumns.
RecordedEvent EventFromRow(const Result& result, int row);
// The same, viewed in place: valid while `result` lives.
RecordedEventView ViewOfRow(const Result& result, int row);

// CommitRows: the statements that end a transaction appending `rows` (not
// empty, in position order): one INSERT of them as they are, whatever their
// number (each column goes as one binary array parameter), the notification that
// wakes every replica's follower, and COMMIT. A row whose id is stored
// already fails the INSERT (ALREADY_EXISTS).
std::vector<Statement> CommitRows(const std::vector<RecordedEvent>& rows);

// The query for the last event of the chain, and that event from its result.
inline constexpr char kHeadQuery[] =
    "SELECT position, hash, recorded_time FROM chancery_events ORDER BY position DESC LIMIT 1";
ChainHead HeadFromResult(const Result& result);
// ReadHead: the last event of the chain, as the connection sees it.
absl::StatusOr<ChainHead> ReadHead(Connection& connection);

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_EVENT_ROWS_H_
