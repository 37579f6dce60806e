#include "services/server/projections.h"

#include <cstdio>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/projection/snapshot.h"
#include "services/server/log_record_codec.h"

namespace chancery::server {
namespace {

// Records between snapshots: a restart replays at most this many.
constexpr uint64_t kSnapshotEvery = 100000;
// Records read from the store at a time while catching up.
constexpr size_t kCatchUpBatch = 10000;
// How long a read waits for the projections to reach the store's head.
constexpr absl::Duration kCatchUpTimeout = absl::Seconds(5);

void Warn(const std::string& message) {
  std::fprintf(stderr, "chanceryd: %s\n", message.c_str());
}

}  // namespace

Projections::Projections(projection::ModelSettings settings, std::string snapshot_path)
    : settings_(settings), snapshot_path_(std::move(snapshot_path)) {}

absl::Status Projections::Load(eventstore::EventStore& store) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  if (!snapshot_path_.empty()) {
    absl::StatusOr<projection::Snapshot> snapshot = projection::LoadSnapshot(snapshot_path_);
    if (snapshot.ok() && snapshot->index.head() > 0) {
      // The snapshot must describe this log: its last record's hash must be
      // the log's at that position (a restored or replaced database is not).
      const uint64_t at = snapshot->index.head();
      absl::StatusOr<std::vector<eventstore::RecordedEvent>> record =
          store.ReadLog({at, "", {}, 1});
      if (!record.ok()) return record.status();
      if (!record->empty() && record->front().position == at &&
          record->front().hash == snapshot->last_hash) {
        index_ = std::move(snapshot->index);
        last_hash_ = std::move(snapshot->last_hash);
        snapshot_head_ = at;
      } else {
        Warn(absl::StrCat(snapshot_path_, " does not match the log at position ", at,
                          "; rebuilding the projections from the log"));
      }
    } else if (!snapshot.ok() && snapshot.status().code() != absl::StatusCode::kNotFound) {
      Warn(absl::StrCat(snapshot.status().message(), "; rebuilding the projections from the log"));
    }
  }
  return CatchUp(store);
}

absl::Status Projections::CatchUp(eventstore::EventStore& store) {
  // Decoded straight from the store's payloads: a rebuild never builds a
  // LogRecord, which is most of the cost of reading.
  v1::DiplomaticEvent event;
  v1::Retraction retraction;
  while (true) {
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> batch =
        store.ReadLog({index_.head() + 1, "", {}, kCatchUpBatch});
    if (!batch.ok()) return batch.status();
    if (batch->empty()) break;
    for (const eventstore::RecordedEvent& recorded : *batch) {
      absl::Status applied;
      const std::string& type = recorded.data.event_type;
      if (type == kDiplomaticEventType && event.ParseFromString(recorded.data.payload)) {
        applied = index_.ApplyEvent(recorded.position, recorded.recorded_time_us, recorded.stream,
                                    event);
      } else if (type == kRetractionType && retraction.ParseFromString(recorded.data.payload)) {
        applied = index_.ApplyRetraction(recorded.position, recorded.recorded_time_us,
                                         recorded.stream, retraction);
      } else {
        Warn(absl::StrCat("position ", recorded.position, " (", type,
                          ") cannot be decoded; the projections skip it"));
        applied = index_.ApplyOther(recorded.position, recorded.recorded_time_us);
      }
      if (!applied.ok()) return applied;
      last_hash_ = recorded.hash;
    }
  }
  return absl::OkStatus();
}

void Projections::Apply(const std::vector<SharedRecord>& records) {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  for (const SharedRecord& record : records) {
    if (record->position() <= index_.head()) continue;  // Folded while catching up.
    if (absl::Status applied = index_.Apply(*record); !applied.ok()) {
      Warn(std::string(applied.message()));
      continue;
    }
    last_hash_ = record->hash();
  }
  advanced_.notify_all();
  if (!snapshot_path_.empty() && index_.head() - snapshot_head_ >= kSnapshotEvery) {
    lock.unlock();
    std::shared_lock<std::shared_mutex> shared(mutex_);
    if (absl::Status saved = SaveLocked(); !saved.ok()) Warn(std::string(saved.message()));
  }
}

absl::Status Projections::SaveSnapshot() {
  if (snapshot_path_.empty()) return absl::OkStatus();
  std::shared_lock<std::shared_mutex> lock(mutex_);
  return SaveLocked();
}

absl::Status Projections::SaveLocked() {
  absl::Status saved = projection::SaveSnapshot(snapshot_path_, index_, last_hash_);
  // Only the follower thread writes snapshots, so this write under the
  // shared lock races with no other.
  if (saved.ok()) snapshot_head_ = index_.head();
  return saved;
}

uint64_t Projections::head() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  return index_.head();
}

absl::Status Projections::CatchUpWith(eventstore::EventStore& store) const {
  absl::StatusOr<uint64_t> target = store.HeadPosition();
  if (!target.ok()) return target.status();
  std::shared_lock<std::shared_mutex> lock(mutex_);
  if (advanced_.wait_for(lock, absl::ToChronoMilliseconds(kCatchUpTimeout),
                         [&] { return index_.head() >= *target; })) {
    return absl::OkStatus();
  }
  return absl::UnavailableError(absl::StrCat(
      "the projections are at position ", index_.head(), " of ", *target,
      " and did not catch up in time; retry"));
}

std::string SnapshotPathFor(const std::string& store_uri) {
  if (!absl::StartsWith(store_uri, "sqlite:")) return "";
  return absl::StrCat(store_uri.substr(7), ".projections");
}

}  // namespace chancery::server
