// Between the store's RecordedEvent and the API's LogRecord.
//
// The store keeps each event's payload as the deterministic protobuf bytes
// of a chancery.v1 message, tagged with the message's full name as its type.

#ifndef CHANCERY_SERVICES_SERVER_LOG_RECORD_CODEC_H_
#define CHANCERY_SERVICES_SERVER_LOG_RECORD_CODEC_H_

#include "absl/status/statusor.h"
#include "chancery/v1/log_record.pb.h"
#include "eventstore/event.h"
#include "eventstore/event_store.h"

namespace chancery::server {

// The event types the service writes.
inline constexpr char kDiplomaticEventType[] = "chancery.v1.DiplomaticEvent";
inline constexpr char kRetractionType[] = "chancery.v1.Retraction";
inline constexpr char kObservationType[] = "chancery.v1.RepresentationObservation";

// ToLogRecord decodes `event`; DATA_LOSS if its payload does not parse as
// its type, INTERNAL for a type this build does not know.
absl::StatusOr<v1::LogRecord> ToLogRecord(const eventstore::RecordedEventView& event);
inline absl::StatusOr<v1::LogRecord> ToLogRecord(const eventstore::RecordedEvent& event) {
  return ToLogRecord(eventstore::ViewOf(event));
}

// ReadRecordsAt reads the records at `positions` of `store` in one read and
// decodes them, in the order of `positions`; DATA_LOSS if the log lacks one.
absl::StatusOr<std::vector<v1::LogRecord>> ReadRecordsAt(eventstore::EventStore& store,
                                                         const std::vector<uint64_t>& positions);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_LOG_RECORD_CODEC_H_
