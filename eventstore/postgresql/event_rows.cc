#include "eventstore/postgresql/event_rows.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"

namespace chancery::eventstore::postgresql {
namespace {

// ByteaText: `bytes` in bytea's hex input format.
std::string ByteaText(const std::string& bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

}  // namespace

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

std::vector<Statement> CommitRows(const std::vector<RecordedEvent>& rows) {
  std::vector<std::string> columns[10];
  for (const RecordedEvent& row : rows) {
    columns[0].push_back(absl::StrCat(row.position));
    columns[1].push_back(row.stream);
    columns[2].push_back(absl::StrCat(row.revision));
    columns[3].push_back(row.data.event_id);
    columns[4].push_back(row.data.event_type);
    columns[5].push_back(absl::StrCat(row.data.valid_time_us));
    columns[6].push_back(absl::StrCat(row.recorded_time_us));
    columns[7].push_back(ByteaText(row.data.payload));
    columns[8].push_back(ByteaText(row.hash));
    columns[9].push_back(row.data.recorded_by);
  }
  Statement insert{absl::StrCat("INSERT INTO chancery_events (", kEventColumns,
                                ") SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], "
                                "$4::text[], $5::text[], $6::bigint[], $7::bigint[], "
                                "$8::bytea[], $9::bytea[], $10::text[])")};
  for (const std::vector<std::string>& column : columns) {
    insert.params.push_back(Param::Text(TextArray(column)));
  }
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

std::string TextArray(const std::vector<std::string>& values) {
  std::string literal = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) literal += ',';
    literal += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') literal += '\\';
      literal += c;
    }
    literal += '"';
  }
  return literal + "}";
}

}  // namespace chancery::eventstore::postgresql
