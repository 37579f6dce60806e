#include "eventstore/postgresql/group_target.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "eventstore/postgresql/binary_array.h"
#include "eventstore/postgresql/event_rows.h"

namespace chancery::eventstore::postgresql {

std::vector<Statement> GroupTarget::PrefetchQueries(
    const std::vector<AppendQueue::Pending>& group) {
  absl::flat_hash_set<std::string_view> streams;
  BinaryArray stream_array(BinaryArray::Of::kText);
  BinaryArray ids(BinaryArray::Of::kText);
  for (const AppendQueue::Pending& pending : group) {
    for (const StreamAppend& part : pending.request.streams) {
      if (streams.insert(part.stream).second) stream_array.Add(part.stream);
      for (const EventData& event : part.events) ids.Add(event.event_id);
    }
  }
  // One index descent per stream: max(revision) over the streams' rows
  // would read every event of each, however long the stream.
  return {{"SELECT s.stream, (SELECT e.revision FROM chancery_events e "
           "WHERE e.stream = s.stream ORDER BY e.revision DESC LIMIT 1) "
           "FROM unnest($1::text[]) AS s(stream)",
           {stream_array.ToParam()}},
          {absl::StrCat("SELECT ", kEventColumns,
                        " FROM chancery_events WHERE event_id = ANY($1::text[])"),
           {ids.ToParam()}}};
}

void GroupTarget::TakePrefetched(const Result& revisions, const Result& stored) {
  for (int row = 0; row < revisions.rows(); ++row) {
    if (revisions.IsNull(row, 1)) continue;  // A new stream.
    revisions_[std::string(revisions.Bytes(row, 0))] = revisions.Int64(row, 1);
  }
  for (int row = 0; row < stored.rows(); ++row) {
    RecordedEvent event = EventFromRow(stored, row);
    stored_.emplace(event.data.event_id, std::move(event));
  }
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

}  // namespace chancery::eventstore::postgresql
