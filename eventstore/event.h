// Events as the event store sees them: opaque payloads in named streams.
//
// The store knows nothing of diplomacy. A caller hands it `EventData` (an id,
// a type, a payload and the time the event happened) and gets back
// `RecordedEvent`s, which add where and when the store put them and the link
// in the hash chain. See docs/storage.md for the on-disk form.

#ifndef CHANCERY_EVENTSTORE_EVENT_H_
#define CHANCERY_EVENTSTORE_EVENT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace chancery::eventstore {

// Global log positions start at 1; kBeforeFirstPosition names "before any
// event", so reading from it or waiting after it sees the whole log.
inline constexpr uint64_t kBeforeFirstPosition = 0;

// Stream revisions start at 0; a stream without events is at kNoStreamRevision.
inline constexpr int64_t kNoStreamRevision = -1;

// What a writer submits. Two EventData with the same `event_id` are the same
// event only if every other field is equal too (see SameContent).
struct EventData {
  std::string event_id;    // Client-chosen, unique across the log (a UUID).
  std::string event_type;  // For example "chancery.v1.DiplomaticEvent".
  std::string payload;     // Opaque bytes, stored and hashed as given.
  int64_t valid_time_us = 0;  // When it happened: microseconds since the Unix epoch, UTC.
  // Who recorded it: the principal of the caller's token or client
  // certificate, empty when the server trusts every caller. Hashed with the
  // event, but not part of its content (SameContent).
  std::string recorded_by;
  // Where it came from, so a chain of reactions can be followed across the
  // log: the conversation or workflow it belongs to, and the message (an
  // event id, a request, a trace span) that caused it; each "" if not known.
  // Hashed with the event, but not part of its content.
  std::string correlation_id;
  std::string causation_id;
};

// An event as stored. Immutable once written.
struct RecordedEvent {
  uint64_t position = 0;  // Global order; strictly increasing in commit order, no gaps.
  std::string stream;
  int64_t revision = 0;  // 0-based within `stream`.
  EventData data;
  // When the store committed it: microseconds since the Unix epoch, UTC.
  // Non-decreasing in position order, so a time maps to a position prefix.
  int64_t recorded_time_us = 0;
  std::string hash;  // 32 bytes: SHA-256(previous hash || CanonicalBytes(*this)).
};

// A recorded event's fields viewed in place, for scans that copy nothing:
// valid only while the scan's visitor runs.
struct RecordedEventView {
  uint64_t position = 0;
  std::string_view stream;
  int64_t revision = 0;
  std::string_view event_id;
  std::string_view event_type;
  int64_t valid_time_us = 0;
  int64_t recorded_time_us = 0;
  std::string_view payload;
  std::string_view hash;
  std::string_view recorded_by;
  std::string_view correlation_id;
  std::string_view causation_id;
};

// ViewOf views `event` in place (valid while `event` lives).
inline RecordedEventView ViewOf(const RecordedEvent& event) {
  return {event.position,       event.stream,          event.revision,
          event.data.event_id,  event.data.event_type, event.data.valid_time_us,
          event.recorded_time_us, event.data.payload,  event.hash,
          event.data.recorded_by, event.data.correlation_id, event.data.causation_id};
}

// Copy makes an event of its own from a view.
inline RecordedEvent Copy(const RecordedEventView& view) {
  return {view.position,
          std::string(view.stream),
          view.revision,
          {std::string(view.event_id), std::string(view.event_type), std::string(view.payload),
           view.valid_time_us, std::string(view.recorded_by), std::string(view.correlation_id),
           std::string(view.causation_id)},
          view.recorded_time_us,
          std::string(view.hash)};
}

// Whether `a` and `b` carry the same content (everything but their id).
inline bool SameContent(const EventData& a, const EventData& b) {
  return a.event_type == b.event_type && a.payload == b.payload &&
         a.valid_time_us == b.valid_time_us;
}

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_EVENT_H_
