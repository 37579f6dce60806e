#include "eventstore/postgresql/event_rows.h"

#include "common/status_macros.h"
#include "eventstore/hash_chain.h"

namespace chancery::eventstore::postgresql {

RecordedEventView ViewOfRow(const Result& result, int row) {
  return {static_cast<uint64_t>(result.Int64(row, 0)),
          result.Bytes(row, 1),
          result.Int64(row, 2),
          result.Bytes(row, 3),
          result.Bytes(row, 4),
          result.Int64(row, 5),
          result.Int64(row, 6),
          result.Bytes(row, 7),
          result.Bytes(row, 8),
          result.Bytes(row, 9)};
}

RecordedEvent EventFromRow(const Result& result, int row) { return Copy(ViewOfRow(result, row)); }

absl::StatusOr<bool> InsertEvent(Connection& connection, const RecordedEventView& event) {
  ASSIGN_OR_RETURN(
      Result inserted,
      connection.Query(
          "INSERT INTO chancery_events (position, stream, revision, event_id, event_type, "
          "valid_time, recorded_time, payload, hash, recorded_by) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
          "ON CONFLICT (event_id) DO NOTHING",
          {Param::Int64(static_cast<int64_t>(event.position)), Param::Text(event.stream),
           Param::Int64(event.revision), Param::Text(event.event_id), Param::Text(event.event_type),
           Param::Int64(event.valid_time_us), Param::Int64(event.recorded_time_us),
           Param::Bytes(event.payload), Param::Bytes(event.hash), Param::Text(event.recorded_by)}));
  return inserted.Changed() == 1;
}

absl::StatusOr<ChainHead> ReadHead(Connection& connection) {
  ASSIGN_OR_RETURN(Result last, connection.Query("SELECT position, hash, recorded_time "
                                                 "FROM chancery_events "
                                                 "ORDER BY position DESC LIMIT 1"));
  if (last.rows() == 0) return ChainHead{0, GenesisHash(), 0};
  return ChainHead{static_cast<uint64_t>(last.Int64(0, 0)), std::string(last.Bytes(0, 1)),
                   last.Int64(0, 2)};
}

}  // namespace chancery::eventstore::postgresql
