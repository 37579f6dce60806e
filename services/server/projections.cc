#include "services/server/projections.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "common/thread_name.h"
#include "services/projection/fold_event_decoder.h"
#include "services/projection/snapshot.h"
#include "services/server/log_record_codec.h"

namespace chancery::server {
namespace {

// Records between snapshots: a restart replays at most this many.
constexpr uint64_t kSnapshotEvery = 100000;
// Records read from the store at a time while catching up.
constexpr size_t kCatchUpBatch = 10000;
// Batches the catch-up's reader may read ahead of the fold.
constexpr size_t kBatchesAhead = 2;
// How long a read waits for the projections to reach the store's head.
constexpr absl::Duration kCatchUpTimeout = absl::Seconds(5);

void Warn(const std::string& message) {
  log::Write(log::Level::kWarning, absl::StrCat("chanceryd: ", message));
}

}  // namespace

Projections::Projections(projection::ModelSettings settings, std::string snapshot_path)
    : settings_(settings), snapshot_path_(std::move(snapshot_path)) {}

absl::Status Projections::Load(eventstore::EventStore& store) {
  absl::MutexLock save(&save_mutex_);
  absl::MutexLock lock(&mutex_);
  secret_ = store.Secret();
  if (!snapshot_path_.empty()) {
    absl::StatusOr<projection::Snapshot> snapshot =
        projection::LoadSnapshot(snapshot_path_, secret_);
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
        folded_.store(at, std::memory_order_relaxed);
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

namespace {

// A record as the catch-up's reader thread hands it to the fold.
struct DecodedRecord {
  enum class Kind { kEvent, kRetraction, kUndecodable } kind = Kind::kUndecodable;
  std::string stream;  // Short enough for the small-string buffer: no allocation.
  int64_t record_time_us = 0;
  projection::FoldEvent event;  // kEvent (an event or observation); its position for every kind.
  std::unique_ptr<v1::Retraction> retraction;  // kRetraction (rare: not built for events).
};

struct DecodedBatch {
  absl::Status status;
  std::vector<DecodedRecord> records;
  std::string last_hash;  // Of the batch's last record.
};

DecodedRecord Decode(const eventstore::RecordedEventView& view) {
  DecodedRecord record;
  record.stream = view.stream;
  record.record_time_us = view.recorded_time_us;
  record.event.position = view.position;
  const int size = static_cast<int>(view.payload.size());
  if (view.event_type == kDiplomaticEventType) {
    if (projection::DecodeFoldEvent(absl::string_view(view.payload.data(), view.payload.size()),
                                    view.position, view.valid_time_us,
                                    absl::string_view(view.stream.data(), 3),
                                    record.event)) {
      record.kind = DecodedRecord::Kind::kEvent;
    }
  } else if (view.event_type == kObservationType) {
    // Observations are few (reference data): parsed whole, no fast path needed.
    v1::RepresentationObservation observation;
    if (observation.ParseFromArray(view.payload.data(), size)) {
      record.event = projection::ToFoldEvent(observation, view.position);
      record.kind = DecodedRecord::Kind::kEvent;
    }
  } else if (view.event_type == kRetractionType) {
    record.retraction = std::make_unique<v1::Retraction>();
    if (record.retraction->ParseFromArray(view.payload.data(), size)) {
      record.kind = DecodedRecord::Kind::kRetraction;
    }
  }
  if (record.kind == DecodedRecord::Kind::kUndecodable) {
    Warn(absl::StrCat("position ", view.position, " (", std::string(view.event_type),
                      ") cannot be decoded; the projections skip it"));
  }
  return record;
}

// ApplyDecoded folds `record` into `index`.
absl::Status ApplyDecoded(projection::ProjectionIndex& index, const DecodedRecord& record) {
  switch (record.kind) {
    case DecodedRecord::Kind::kEvent:
      return index.ApplyFoldEvent(record.record_time_us, record.stream, record.event);
    case DecodedRecord::Kind::kRetraction:
      return index.ApplyRetraction(record.event.position, record.record_time_us, record.stream,
                                   *record.retraction);
    case DecodedRecord::Kind::kUndecodable:
      break;
  }
  return index.ApplyOther(record.event.position, record.record_time_us);
}

}  // namespace

absl::Status Projections::CatchUp(eventstore::EventStore& store) {
  // One thread scans the store and decodes while this one folds, so a
  // rebuild runs at the pace of the slower of the two, not of both. Events
  // are viewed in place (ScanLog) and decoded straight from their stored
  // bytes (fold_event_decoder.h), never copied into whole messages.
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<DecodedBatch> batches;  // At most kBatchesAhead. Guarded by mutex.
  bool stop = false;                 // Guarded by mutex.
  std::thread reader([&, from = index_.head() + 1]() mutable {
    NameThisThread("chancery-scan");
    while (true) {
      DecodedBatch batch;
      batch.records.reserve(kCatchUpBatch);
      absl::StatusOr<size_t> scanned =
          store.ScanLog(from, kCatchUpBatch, [&](const eventstore::RecordedEventView& view) {
            batch.records.push_back(Decode(view));
            batch.last_hash.assign(view.hash);
            return true;
          });
      batch.status = scanned.status();
      const bool last = !scanned.ok() || *scanned == 0;
      if (!last) from = batch.records.back().event.position + 1;
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return stop || batches.size() < kBatchesAhead; });
      if (stop) return;
      batches.push_back(std::move(batch));
      changed.notify_all();
      if (last) return;
    }
  });
  absl::Status status;
  while (status.ok()) {
    DecodedBatch batch;
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return !batches.empty(); });
      batch = std::move(batches.front());
      batches.pop_front();
      changed.notify_all();
    }
    status = batch.status;
    if (!status.ok() || batch.records.empty()) break;
    for (const DecodedRecord& record : batch.records) {
      status = ApplyDecoded(index_, record);
      if (!status.ok()) break;
    }
    last_hash_ = std::move(batch.last_hash);
    folded_.store(index_.head(), std::memory_order_relaxed);
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
    changed.notify_all();
  }
  reader.join();
  return status;
}

void Projections::Apply(const std::vector<SharedRecord>& records) {
  uint64_t head = 0;
  {
    // Readers waiting on CatchUpWith wake when this lock is released.
    absl::MutexLock lock(&mutex_);
    for (const SharedRecord& shared : records) {
      const eventstore::RecordedEvent& stored = shared->stored();
      if (stored.position <= index_.head()) continue;  // Folded while catching up.
      if (absl::Status applied = ApplyDecoded(index_, Decode(eventstore::ViewOf(stored)));
          !applied.ok()) {
        Warn(std::string(applied.message()));
        continue;
      }
      last_hash_ = stored.hash;
    }
    head = index_.head();
    folded_.store(head, std::memory_order_relaxed);
  }
  if (snapshot_path_.empty()) return;
  absl::MutexLock save(&save_mutex_);
  if (head - snapshot_head_ < kSnapshotEvery) return;
  absl::ReaderMutexLock shared(&mutex_);
  if (absl::Status saved = SaveLocked(); !saved.ok()) Warn(std::string(saved.message()));
}

absl::Status Projections::SaveSnapshot() {
  if (snapshot_path_.empty()) return absl::OkStatus();
  absl::MutexLock save(&save_mutex_);
  absl::ReaderMutexLock lock(&mutex_);
  return SaveLocked();
}

absl::Status Projections::SaveLocked() {
  absl::Status saved = projection::SaveSnapshot(snapshot_path_, index_, last_hash_, secret_);
  if (saved.ok()) snapshot_head_ = index_.head();
  return saved;
}

std::string Projections::CameoCodeOf(const std::string& stream,
                                     const std::string& event_id) const {
  projection::EventId id;
  if (!projection::ParseEventId(event_id, id)) return "";
  absl::ReaderMutexLock lock(&mutex_);
  const projection::StreamEvents* events = index_.Events(stream);
  if (events == nullptr) return "";
  for (const projection::FoldEvent& event : *events) {
    if (event.id == id) return std::string(event.cameo_code());
  }
  return "";
}

uint64_t Projections::head() const {
  absl::ReaderMutexLock lock(&mutex_);
  return index_.head();
}

absl::Status Projections::CatchUpWith(eventstore::EventStore& store) const {
  absl::StatusOr<uint64_t> target = store.HeadPosition();
  if (!target.ok()) return target.status();
  const auto caught_up = [&]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
    return index_.head() >= *target;
  };
  const bool in_time =
      mutex_.ReaderLockWhenWithTimeout(absl::Condition(&caught_up), kCatchUpTimeout);
  const uint64_t head = index_.head();
  mutex_.ReaderUnlock();
  if (in_time) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat("the projections are at position ", head, " of ",
                                             *target, " and did not catch up in time; retry"));
}

}  // namespace chancery::server
