#include "eventstore/postgresql/group_target.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/postgresql/event_rows.h"

namespace chancery::eventstore::postgresql {
namespace {

// The columns Flush writes, in order, and how many.
constexpr char kInsertColumns[] =
    "INSERT INTO chancery_events (position, stream, revision, event_id, event_type, valid_time, "
    "recorded_time, payload, hash, recorded_by) VALUES ";
constexpr int kColumns = 10;

// Flush writes rows in INSERTs of at most this many rows, each a power of
// two, so that a few prepared statements serve every group.
constexpr size_t kMaxRowsPerInsert = 512;

std::string InsertSql(size_t rows) {
  std::string sql = kInsertColumns;
  for (size_t row = 0; row < rows; ++row) {
    absl::StrAppend(&sql, row == 0 ? "(" : ", (");
    for (int column = 1; column <= kColumns; ++column) {
      absl::StrAppend(&sql, column == 1 ? "$" : ", $", row * kColumns + column);
    }
    sql += ")";
  }
  return sql;
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
  ASSIGN_OR_RETURN(Result revisions,
                   connection.Query("SELECT stream, max(revision) FROM chancery_events "
                                    "WHERE stream = ANY($1::text[]) GROUP BY stream",
                                    {Param::Text(TextArray({streams.begin(), streams.end()}))}));
  for (int row = 0; row < revisions.rows(); ++row) {
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
  size_t next = 0;
  while (next < rows_.size()) {
    size_t chunk = kMaxRowsPerInsert;
    while (chunk > rows_.size() - next) chunk /= 2;
    std::vector<Param> params;
    params.reserve(chunk * kColumns);
    for (size_t i = next; i < next + chunk; ++i) {
      const RecordedEvent& row = rows_[i];
      params.push_back(Param::Int64(static_cast<int64_t>(row.position)));
      params.push_back(Param::Text(row.stream));
      params.push_back(Param::Int64(row.revision));
      params.push_back(Param::Text(row.data.event_id));
      params.push_back(Param::Text(row.data.event_type));
      params.push_back(Param::Int64(row.data.valid_time_us));
      params.push_back(Param::Int64(row.recorded_time_us));
      params.push_back(Param::Bytes(row.data.payload));
      params.push_back(Param::Bytes(row.hash));
      params.push_back(Param::Text(row.data.recorded_by));
    }
    RETURN_IF_ERROR(connection.Query(InsertSql(chunk), params).status());
    next += chunk;
  }
  return absl::OkStatus();
}

}  // namespace chancery::eventstore::postgresql
