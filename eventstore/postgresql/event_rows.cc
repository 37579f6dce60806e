#include "eventstore/postgresql/event_rows.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/postgresql/binary_array.h"
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
          result.Bytes(row, 9),
          result.Bytes(row, 10),
          result.Bytes(row, 11)};
}

RecordedEvent EventFromRow(const Result& result, int row) { return Copy(ViewOfRow(result, row)); }

std::vector<Statement> CommitRows(const std::vector<RecordedEvent>& rows) {
  using Of = BinaryArray::Of;
  BinaryArray columns[] = {BinaryArray(Of::kInt8),  BinaryArray(Of::kText),  BinaryArray(Of::kInt8),
                           BinaryArray(Of::kText),  BinaryArray(Of::kText),  BinaryArray(Of::kInt8),
                           BinaryArray(Of::kInt8),  BinaryArray(Of::kBytea), BinaryArray(Of::kBytea),
                           BinaryArray(Of::kText),  BinaryArray(Of::kText),  BinaryArray(Of::kText)};
  for (const RecordedEvent& row : rows) {
    columns[0].AddInt64(static_cast<int64_t>(row.position));
    columns[1].Add(row.stream);
    columns[2].AddInt64(row.revision);
    columns[3].Add(row.data.event_id);
    columns[4].Add(row.data.event_type);
    columns[5].AddInt64(row.data.valid_time_us);
    columns[6].AddInt64(row.recorded_time_us);
    columns[7].Add(row.data.payload);
    columns[8].Add(row.hash);
    columns[9].Add(row.data.recorded_by);
    columns[10].Add(row.data.correlation_id);
    columns[11].Add(row.data.causation_id);
  }
  Statement insert{absl::StrCat("INSERT INTO chancery_events (", kEventColumns,
                                ") SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], "
                                "$4::text[], $5::text[], $6::bigint[], $7::bigint[], "
                                "$8::bytea[], $9::bytea[], $10::text[], $11::text[], $12::text[])")};
  for (const BinaryArray& column : columns) insert.params.push_back(column.ToParam());
  return {std::move(insert),
          {"SELECT pg_notify('chancery_appended', $1)",
           {Param::Text(absl::StrCat(rows.back().position))}},
          {"COMMIT"}};
}

ChainHead HeadFromResult(const Result& result) {
  if (result.rows() == 0) return ChainHead{0, GenesisHash(), 0};
  return ChainHead{static_cast<uint64_t>(result.Int64(0, 0)), std::string(result.Bytes(0, 1)),
                   result.Int64(0, 2)};
}

absl::StatusOr<ChainHead> ReadHead(Connection& connection) {
  ASSIGN_OR_RETURN(Result last, connection.Query(kHeadQuery));
  return HeadFromResult(last);
}

}  // namespace chancery::eventstore::postgresql
