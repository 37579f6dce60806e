#include "services/server/log_record_codec.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace chancery::server {

absl::StatusOr<v1::LogRecord> ToLogRecord(const eventstore::RecordedEventView& event) {
  v1::LogRecord record;
  record.set_position(event.position);
  record.set_stream(std::string(event.stream));
  record.set_revision(event.revision);
  record.mutable_record_time()->set_seconds(event.recorded_time_us / 1000000);
  record.mutable_record_time()->set_nanos(static_cast<int32_t>(event.recorded_time_us % 1000000) *
                                          1000);
  record.set_hash(std::string(event.hash));
  record.set_recorded_by(std::string(event.recorded_by));
  record.set_correlation_id(std::string(event.correlation_id));
  record.set_causation_id(std::string(event.causation_id));
  const int size = static_cast<int>(event.payload.size());
  bool parsed;
  if (event.event_type == kDiplomaticEventType) {
    parsed = record.mutable_event()->ParseFromArray(event.payload.data(), size);
  } else if (event.event_type == kRetractionType) {
    parsed = record.mutable_retraction()->ParseFromArray(event.payload.data(), size);
  } else if (event.event_type == kObservationType) {
    parsed = record.mutable_observation()->ParseFromArray(event.payload.data(), size);
  } else {
    return absl::InternalError(absl::StrCat("position ", event.position, " has event type \"",
                                            std::string(event.event_type),
                                            "\", which this build does not know"));
  }
  if (!parsed) {
    return absl::DataLossError(absl::StrCat("position ", event.position, ": payload is not a ",
                                            std::string(event.event_type)));
  }
  return record;
}

absl::StatusOr<std::vector<v1::LogRecord>> ReadRecordsAt(eventstore::EventStore& store,
                                                         const std::vector<uint64_t>& positions) {
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> events = store.ReadPositions(positions);
  if (!events.ok()) return events.status();
  std::vector<v1::LogRecord> records;
  records.reserve(positions.size());
  for (const uint64_t position : positions) {
    // The store answers in position order, each position once.
    const auto event = std::lower_bound(
        events->begin(), events->end(), position,
        [](const eventstore::RecordedEvent& event, uint64_t p) { return event.position < p; });
    if (event == events->end() || event->position != position) {
      return absl::DataLossError(absl::StrCat("the log has no record at position ", position));
    }
    absl::StatusOr<v1::LogRecord> record = ToLogRecord(*event);
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
  }
  return records;
}

}  // namespace chancery::server
