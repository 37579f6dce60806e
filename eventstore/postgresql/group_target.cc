#include "eventstore/postgresql/group_target.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/postgresql/event_rows.h"

namespace chancery::eventstore::postgresql {
namespace {

// Flush inserts a group's rows with one statement, whatever their number:
// each column goes as one array parameter.
constexpr char kInsertRows[] =
    "INSERT INTO chancery_events (position, stream, revision, event_id, event_type, valid_time, "
    "recorded_time, payload, hash, recorded_by) "
    "SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], "
    "$6::bigint[], $7::bigint[], $8::bytea[], $9::bytea[], $10::text[])";

// ByteaText: `bytes` in bytea's hex input format.
std::string ByteaText(const std::string& bytes) {
  return absl::StrCat("\\x", absl::BytesToHexString(bytes));
}

}  // namespace

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

absl::Status GroupTarget::Prefetch(Connection& connection,
                                   const std::vector<AppendQueue::Pending>& group) {
  absl::flat_hash_set<std::string> streams;
  std::vector<std::string> ids;
  for (const AppendQueue::Pending& pending : group) {
    for (const StreamAppend& part : pending.request.streams) {
      streams.insert(part.stream);
      for (const EventData& event : part.events) ids.push_back(event.event_id);
    }
  }
  // One index descent per stream: max(revision) over the streams' rows
  // would read every event of each, however long the stream.
  ASSIGN_OR_RETURN(Result revisions,
                   connection.Query("SELECT s.stream, (SELECT e.revision FROM chancery_events e "
                                    "WHERE e.stream = s.stream ORDER BY e.revision DESC LIMIT 1) "
                                    "FROM unnest($1::text[]) AS s(stream)",
                                    {Param::Text(TextArray({streams.begin(), streams.end()}))}));
  for (int row = 0; row < revisions.rows(); ++row) {
    if (revisions.IsNull(row, 1)) continue;  // A new stream.
    revisions_[std::string(revisions.Bytes(row, 0))] = revisions.Int64(row, 1);
  }
  ASSIGN_OR_RETURN(Result stored,
                   connection.Query(absl::StrCat("SELECT ", kEventColumns,
                                                 " FROM chancery_events "
                                                 "WHERE event_id = ANY($1::text[])"),
                                    {Param::Text(TextArray(ids))}));
  for (int row = 0; row < stored.rows(); ++row) {
    RecordedEvent event = EventFromRow(stored, row);
    stored_.emplace(event.data.event_id, std::move(event));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> GroupTarget::StreamRevision(const std::string& stream) {
  auto found = revisions_.find(stream);
  return found == revisions_.end() ? kNoStreamRevision : found->second;
}

absl::StatusOr<std::optional<RecordedEvent>> GroupTarget::StoredEvent(
    const std::string& event_id) {
  if (auto found = stored_.find(event_id); found != stored_.end()) return found->second;
  if (auto kept = row_of_id_.find(event_id); kept != row_of_id_.end()) return rows_[kept->second];
  return std::nullopt;
}

absl::StatusOr<bool> GroupTarget::Insert(const RecordedEventView& event) {
  const std::string id(event.event_id);
  if (stored_.contains(id) || row_of_id_.contains(id)) return false;
  row_of_id_.emplace(id, rows_.size());
  rows_.push_back(Copy(event));
  return true;
}

void GroupTarget::StreamMoved(const std::string& stream, int64_t revision) {
  auto found = revisions_.find(stream);
  moves_.emplace_back(stream, found == revisions_.end() ? std::nullopt
                                                        : std::optional<int64_t>(found->second));
  revisions_[stream] = revision;
}

void GroupTarget::Undo(Mark mark) {
  while (rows_.size() > mark.rows) {
    row_of_id_.erase(rows_.back().data.event_id);
    rows_.pop_back();
  }
  while (moves_.size() > mark.moves) {
    auto& [stream, before] = moves_.back();
    if (before) {
      revisions_[stream] = *before;
    } else {
      revisions_.erase(stream);
    }
    moves_.pop_back();
  }
}

absl::Status GroupTarget::Flush(Connection& connection) {
  if (rows_.empty()) return absl::OkStatus();
  std::vector<std::string> columns[10];
  for (const RecordedEvent& row : rows_) {
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
  std::vector<Param> params;
  for (const std::vector<std::string>& column : columns) params.push_back(Param::Text(TextArray(column)));
  return connection.Query(kInsertRows, params).status();
}

}  // namespace chancery::eventstore::postgresql
