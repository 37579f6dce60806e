#include "eventstore/sqlite/event_rows.h"

namespace chancery::eventstore::sqlite {

RecordedEvent EventFromRow(const Statement& row) {
  RecordedEvent event;
  event.position = static_cast<uint64_t>(row.ColumnInt64(0));
  event.stream = row.ColumnBytes(1);
  event.revision = row.ColumnInt64(2);
  event.data.event_id = row.ColumnBytes(3);
  event.data.event_type = row.ColumnBytes(4);
  event.data.valid_time_us = row.ColumnInt64(5);
  event.recorded_time_us = row.ColumnInt64(6);
  event.data.payload = row.ColumnBytes(7);
  event.hash = row.ColumnBytes(8);
  return event;
}

}  // namespace chancery::eventstore::sqlite
