// ProjectionIndex: the live projection state, every stream's events as the
// fold needs them (FoldEvent), kept in fold order, plus when each log
// position was recorded.
//
// It is a pure function of the log: applying the same records in position
// order always gives an equal index, whether live, after a restart from a
// snapshot, or rebuilt from scratch. Queries fold the events that a given
// (as-of date, known-at position) pair sees (relationship_queries.h).
// Not thread-safe; the server guards it (services/server/projections.h).

#ifndef CHANCERY_SERVICES_PROJECTION_PROJECTION_INDEX_H_
#define CHANCERY_SERVICES_PROJECTION_PROJECTION_INDEX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/log_record.pb.h"
#include "services/projection/fold_event.h"

namespace chancery::projection {

class ProjectionIndex {
 public:
  // Stream name -> its events in fold order. Hashed, not ordered: a
  // rebuild looks a stream up for every event.
  using Streams = absl::flat_hash_map<std::string, StreamEvents>;

  // Apply* add the record at position head() + 1, recorded at
  // `record_time_us` in `stream`. FAILED_PRECONDITION for any other
  // position. ApplyOther keeps the place of a record the projections do not
  // fold (one this build cannot decode).
  // ApplyFoldEvent adds an event reduced to its FoldEvent (see
  // fold_event_decoder.h).
  absl::Status ApplyFoldEvent(int64_t record_time_us, absl::string_view stream,
                              const FoldEvent& event);
  absl::Status ApplyRetraction(uint64_t position, int64_t record_time_us,
                               absl::string_view stream, const v1::Retraction& retraction);
  absl::Status ApplyOther(uint64_t position, int64_t record_time_us);

  // The last position applied (0 when none).
  uint64_t head() const { return record_times_.size(); }
  // PositionAt returns the last position recorded at or before `time_us`
  // (0 if none).
  uint64_t PositionAt(int64_t time_us) const;

  // Events returns a stream's events in fold order, or nullptr for a stream
  // with none.
  const StreamEvents* Events(absl::string_view stream) const;
  const Streams& streams() const { return streams_; }
  // DyadsOf returns the dyad streams that `code` takes part in, by name.
  std::vector<std::string> DyadsOf(absl::string_view code) const;

  // Restore replaces the whole index (used by snapshots).
  void Restore(std::vector<int64_t> record_times, Streams streams);
  const std::vector<int64_t>& record_times() const { return record_times_; }

  bool operator==(const ProjectionIndex& other) const {
    return record_times_ == other.record_times_ && streams_ == other.streams_;
  }

 private:
  absl::Status Advance(uint64_t position, int64_t record_time_us);
  void IndexDyad(const std::string& stream);

  std::vector<int64_t> record_times_;  // record_times_[p - 1]: when p was recorded.
  Streams streams_;
  // Actor code -> dyad streams it takes part in.
  absl::flat_hash_map<std::string, absl::btree_set<std::string>> dyads_by_actor_;
};

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_PROJECTION_INDEX_H_
