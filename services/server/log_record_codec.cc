#include "services/server/log_record_codec.h"

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

absl::StatusOr<v1::LogRecord> ReadRecordAt(eventstore::EventStore& store, uint64_t position) {
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
      store.ReadLog({position, "", {}, 1});
  if (!events.ok()) return events.status();
  if (events->empty() || events->front().position != position) {
    return absl::DataLossError(absl::StrCat("the log has no record at position ", position));
  }
  return ToLogRecord(events->front());
}

}  // namespace chancery::server
