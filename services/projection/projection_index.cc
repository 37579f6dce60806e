#include "services/projection/projection_index.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/domain/streams.h"

namespace chancery::projection {
namespace {

bool IsDyad(absl::string_view stream) {
  const std::optional<domain::StreamName> name = domain::StreamName::FromCanonical(stream);
  return name && name->is_dyad();
}

}  // namespace

absl::Status ProjectionIndex::Advance(uint64_t position, int64_t record_time_us) {
  if (position != head() + 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the projections are at position ", head(), " and cannot apply position ", position));
  }
  // Record times are non-decreasing; keep them so even if a clock stepped
  // back, so PositionAt can search them.
  record_times_.push_back(record_times_.empty() ? record_time_us
                                                : std::max(record_time_us, record_times_.back()));
  return absl::OkStatus();
}

absl::Status ProjectionIndex::ApplyFoldEvent(int64_t record_time_us, absl::string_view stream,
                                             const FoldEvent& fold) {
  if (absl::Status advanced = Advance(fold.position, record_time_us); !advanced.ok()) {
    return advanced;
  }
  auto it = streams_.find(stream);
  if (it == streams_.end()) {
    it = streams_.emplace(std::string(stream), StreamEvents()).first;
    if (IsDyad(stream)) IndexDyad(it->first);
  }
  StreamEvents& events = it->second;
  // History mostly arrives in date order: then the end is the place, and a
  // hinted insert there costs no search.
  if (events.empty() || !(fold < *events.rbegin())) {
    events.insert(events.end(), fold);
  } else {
    events.insert(fold);
  }
  return absl::OkStatus();
}

absl::Status ProjectionIndex::ApplyRetraction(uint64_t position, int64_t record_time_us,
                                              absl::string_view stream,
                                              const v1::Retraction& retraction) {
  if (absl::Status advanced = Advance(position, record_time_us); !advanced.ok()) return advanced;
  EventId id;
  auto it = streams_.find(stream);
  if (it == streams_.end() || !ParseEventId(retraction.retracted_event_id(), id)) {
    return absl::OkStatus();  // The service never records such a retraction.
  }
  for (const FoldEvent& event : it->second) {
    if (event.id == id && event.retracted_at == 0) event.retracted_at = position;
  }
  return absl::OkStatus();
}

absl::Status ProjectionIndex::ApplyOther(uint64_t position, int64_t record_time_us) {
  return Advance(position, record_time_us);
}

uint64_t ProjectionIndex::PositionAt(int64_t time_us) const {
  return std::upper_bound(record_times_.begin(), record_times_.end(), time_us) -
         record_times_.begin();
}

const StreamEvents* ProjectionIndex::Events(absl::string_view stream) const {
  auto it = streams_.find(stream);
  return it == streams_.end() ? nullptr : &it->second;
}

std::vector<std::string> ProjectionIndex::DyadsOf(absl::string_view code) const {
  auto it = dyads_by_actor_.find(code);
  if (it == dyads_by_actor_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

void ProjectionIndex::Restore(std::vector<int64_t> record_times, Streams streams) {
  record_times_ = std::move(record_times);
  streams_ = std::move(streams);
  dyads_by_actor_.clear();
  for (const auto& [name, events] : streams_) {
    if (IsDyad(name)) IndexDyad(name);
  }
}

void ProjectionIndex::IndexDyad(const std::string& stream) {
  const std::optional<domain::StreamName> dyad = domain::StreamName::FromCanonical(stream);
  dyads_by_actor_[dyad->first()].insert(stream);
  dyads_by_actor_[dyad->second()].insert(stream);
}

}  // namespace chancery::projection
