#include "eventstore/sqlite/event_rows.h"

#include "common/status_macros.h"
#include "eventstore/hash_chain.h"

namespace chancery::eventstore::sqlite {

RecordedEventView EventViewFromRow(const Statement& row) {
  RecordedEventView event;
  event.position = static_cast<uint64_t>(row.ColumnInt64(0));
  event.stream = row.ColumnBytes(1);
  event.revision = row.ColumnInt64(2);
  event.event_id = row.ColumnBytes(3);
  event.event_type = row.ColumnBytes(4);
  event.valid_time_us = row.ColumnInt64(5);
  event.recorded_time_us = row.ColumnInt64(6);
  event.payload = row.ColumnBytes(7);
  event.hash = row.ColumnBytes(8);
  event.recorded_by = row.ColumnBytes(9);
  event.correlation_id = row.ColumnBytes(10);
  event.causation_id = row.ColumnBytes(11);
  return event;
}

RecordedEvent EventFromRow(const Statement& row) { return Copy(EventViewFromRow(row)); }

absl::StatusOr<ChainHead> ReadHead(Connection& connection) {
  ASSIGN_OR_RETURN(Statement last,
                   connection.Prepare("SELECT position, hash, recorded_time FROM events "
                                      "ORDER BY position DESC LIMIT 1"));
  ASSIGN_OR_RETURN(bool found, last.Step());
  if (!found) return ChainHead{0, GenesisHash(), 0};
  return ChainHead{static_cast<uint64_t>(last.ColumnInt64(0)), std::string(last.ColumnBytes(1)),
                   last.ColumnInt64(2)};
}

}  // namespace chancery::eventstore::sqlite
