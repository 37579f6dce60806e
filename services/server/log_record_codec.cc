#include "services/server/log_record_codec.h"

#include "absl/strings/str_cat.h"

namespace chancery::server {

absl::StatusOr<v1::LogRecord> ToLogRecord(const eventstore::RecordedEvent& event) {
  v1::LogRecord record;
  record.set_position(event.position);
  record.set_stream(event.stream);
  record.set_revision(event.revision);
  record.mutable_record_time()->set_seconds(event.recorded_time_us / 1000000);
  record.mutable_record_time()->set_nanos(static_cast<int32_t>(event.recorded_time_us % 1000000) *
                                          1000);
  record.set_hash(event.hash);
  bool parsed;
  if (event.data.event_type == kDiplomaticEventType) {
    parsed = record.mutable_event()->ParseFromString(event.data.payload);
  } else if (event.data.event_type == kRetractionType) {
    parsed = record.mutable_retraction()->ParseFromString(event.data.payload);
  } else {
    return absl::InternalError(absl::StrCat("position ", event.position, " has event type \"",
                                            event.data.event_type,
                                            "\", which this build does not know"));
  }
  if (!parsed) {
    return absl::DataLossError(absl::StrCat("position ", event.position, ": payload is not a ",
                                            event.data.event_type));
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
