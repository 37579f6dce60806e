#include "eventstore/sqlite/event_rows.h"

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

}  // namespace chancery::eventstore::sqlite
