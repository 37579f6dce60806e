#include "eventstore/append_rules.h"

#include <utility>

#include "common/status_macros.h"
#include "eventstore/hash_chain.h"

namespace chancery::eventstore {
namespace {

// StoredTwin finds `event` by id: the original's place if it was stored
// with the same stream and content, ALREADY_EXISTS if with other content,
// nullopt if the id is new.
absl::StatusOr<std::optional<AppendedEvent>> StoredTwin(AppendTarget& target,
                                                        const std::string& stream,
                                                        const EventData& event) {
  ASSIGN_OR_RETURN(std::optional<RecordedEvent> stored, target.StoredEvent(event.event_id));
  if (!stored) return std::nullopt;
  if (stored->stream != stream || !SameContent(stored->data, event)) {
    return EventIdReusedError(event.event_id, stored->position);
  }
  return AppendedEvent{stored->position, stored->revision, true};
}

absl::Status ApplyStream(AppendTarget& target, const StreamAppend& part, int64_t now_us,
                         ChainHead& head, AppendResult& result) {
  ASSIGN_OR_RETURN(int64_t revision, target.StreamRevision(part.stream));
  if (!part.expected.Admits(revision)) {
    // A retry of an append that already committed is not a conflict.
    const size_t first = result.events.size();
    for (const EventData& event : part.events) {
      ASSIGN_OR_RETURN(std::optional<AppendedEvent> twin, StoredTwin(target, part.stream, event));
      if (!twin) {
        result.events.resize(first);
        return RevisionConflictError(part.stream, part.expected, revision);
      }
      result.events.push_back(*twin);
    }
    return absl::OkStatus();
  }

  const int64_t first_revision = revision;
  for (const EventData& event : part.events) {
    const uint64_t position = head.position + 1;
    std::string hash = ChainHash(head.hash, position, part.stream, revision + 1, event, now_us);
    const RecordedEventView row{position,         part.stream,      revision + 1,
                                event.event_id,   event.event_type, event.valid_time_us,
                                now_us,           event.payload,    hash,
                                event.recorded_by, event.correlation_id, event.causation_id};
    ASSIGN_OR_RETURN(bool inserted, target.Insert(row));
    if (inserted) {
      head = {position, std::move(hash), now_us};
      ++revision;
      result.events.push_back({position, revision, false});
      continue;
    }
    ASSIGN_OR_RETURN(std::optional<AppendedEvent> twin, StoredTwin(target, part.stream, event));
    if (!twin) return absl::InternalError("insert ignored an event whose id is not stored");
    result.events.push_back(*twin);
  }
  if (revision != first_revision) target.StreamMoved(part.stream, revision);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AppendResult> ApplyRequest(AppendTarget& target, const AppendRequest& request,
                                          int64_t now_us, ChainHead& head) {
  AppendResult result;
  for (const StreamAppend& part : request.streams) {
    RETURN_IF_ERROR(ApplyStream(target, part, now_us, head, result));
  }
  return result;
}

bool IsRefusal(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted ||
         status.code() == absl::StatusCode::kAlreadyExists;
}

}  // namespace chancery::eventstore
