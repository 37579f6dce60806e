// Validation of RecordEvents and RetractEvent requests.
//
// Every rule stated in proto/chancery/v1 (event.proto, actor.proto,
// relations_service.proto, concurrency.proto) is checked here, before
// anything reaches the log. A bad request gets one violation
// (violations.h) per bad field, its path indexed from the request
// ("events[3].cameo_code", "events[7].citations[0].url",
// "expected_revisions[KHM-USA]") and a description that says what is wrong
// and what is allowed. No violations means the request is valid.
//
// The rules, for each event:
//   event_id       required; a UUID, 8-4-4-4-12 hex digits, either case. Two
//                  events of one request may share an id (case-insensitive)
//                  only if they are identical once normalized; otherwise the
//                  later one is reported.
//   occur_date     required; a full calendar date from 1800-01-01 to one day
//                  after the UTC date of `now`.
//   source, target required; `code` a known country, region or organisation code
//                  (actor_codes.h), three upper-case letters: lower case is
//                  refused, not corrected, and the message gives the right
//                  spelling; `role` empty or a known CAMEO role code;
//                  `display_name` at most 200 characters.
//   cameo_code     required; a code of the codebook (cameo_codebook.h).
//   goldstein      if set, a number from -10 to 10.
//   quad_class     a defined QuadClass value (unspecified is filled in).
//   summary        at most 2,000 characters; may be empty.
//   citations      at most 20; each `url` required, an absolute http or https
//                  URL with a host (url.h), at most 2,048 characters;
//                  `publisher` at most 200 and `title` at most 500
//                  characters; `publish_date` unset or a full calendar date.
// All text must be valid UTF-8 with no control character but line feed and
// tab, its length counted in code points (text.h). For the request: 1 to
// 1,000 events; each expected_revisions key the canonical name of a stream
// an event of the request goes to (streams.h), each value `exact` >= 0 or
// `no_stream: true`. The 4 MiB size limit is the transport's (the server's
// max receive message size), not checked here.
//
// Example:
//   Violations bad = ValidateRecordEvents(request, absl::Now());
//   if (!bad.empty()) return RpcStatus(bad);
//   for (auto& event : *request.mutable_events()) NormalizeEvent(event);

#ifndef CHANCERY_SERVICES_DOMAIN_EVENT_VALIDATOR_H_
#define CHANCERY_SERVICES_DOMAIN_EVENT_VALIDATOR_H_

#include <cstddef>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/relations_service.pb.h"
#include "services/domain/actor_codes.h"
#include "services/domain/cameo_codebook.h"
#include "services/domain/event_normalizer.h"  // NormalizeEvent, DeterministicBytes.
#include "services/domain/violations.h"

namespace chancery::domain {

// The limits the protos state.
inline constexpr size_t kMaxEventsPerRequest = 1000;
inline constexpr size_t kMaxSummaryChars = 2000;
inline constexpr size_t kMaxCitations = 20;
inline constexpr size_t kMaxUrlChars = 2048;
inline constexpr size_t kMaxPublisherChars = 200;
inline constexpr size_t kMaxTitleChars = 500;
inline constexpr size_t kMaxDisplayNameChars = 200;
inline constexpr size_t kMaxReasonChars = 2000;
inline constexpr double kMinGoldstein = -10.0;
inline constexpr double kMaxGoldstein = 10.0;
inline constexpr absl::CivilDay kEarliestOccurDate = absl::CivilDay(1800, 1, 1);

// The tables validation uses; the embedded ones by default.
struct DomainTables {
  const CameoCodebook* codebook = &CameoCodebook::Default();
  const ActorRegistry* registry = &ActorRegistry::Default();
};

// ValidateRecordEvents checks `request` by the rules above; `now` gives the
// latest allowed occur_date (its UTC date plus one day). Returns the
// violations, empty when the request is valid. `request` is not modified.
Violations ValidateRecordEvents(const v1::RecordEventsRequest& request,
                                             absl::Time now,
                                             const DomainTables& tables = DomainTables());

// The violations of a request whose records (events or observations) are
// accepted or refused one by one (`partial_success`).
struct RecordViolations {
  // What is wrong with the request as a whole (record count,
  // expected_revisions); empty when nothing is.
  Violations request;
  // items[i]: what is wrong with record i, field paths from the request
  // ("events[3].cameo_code"); empty when it is valid. One entry per record.
  std::vector<Violations> items;
};

// ValidateEachRecordEvent checks `request` by the same rules as
// ValidateRecordEvents, but keeps each event's violations apart.
RecordViolations ValidateEachRecordEvent(const v1::RecordEventsRequest& request, absl::Time now,
                                         const DomainTables& tables = DomainTables());

// ValidateRecordObservations checks a RecordObservationsRequest: 1 to 1,000
// observations, each by the rules of observation.proto (observation_id a
// UUID, observe_date as occur_date, a_code and b_code two different known
// actor codes, a_in_b and b_in_a defined levels and at least one set,
// summary and citations as for events), and ids shared only by identical
// observations. ValidateEachRecordObservation keeps each one's violations
// apart, as ValidateEachRecordEvent does.
Violations ValidateRecordObservations(const v1::RecordObservationsRequest& request,
                                                   absl::Time now,
                                                   const DomainTables& tables = DomainTables());
RecordViolations ValidateEachRecordObservation(const v1::RecordObservationsRequest& request,
                                               absl::Time now,
                                               const DomainTables& tables = DomainTables());

// ValidateEvent checks one event by the same rules, with field paths
// relative to the event ("cameo_code", "source.code",
// "citations[0].url"). For importers that check rows one at a time.
Violations ValidateEvent(const v1::DiplomaticEvent& event, absl::Time now,
                                      const DomainTables& tables = DomainTables());

// ValidateRetractEvent checks a RetractEventRequest: `event_id` a UUID,
// `reason` 1 to 2,000 characters of text, `expected_revision` (if set) with
// `exact` >= 0 or `no_stream: true`. Whether the event exists is for the
// store to say (NOT_FOUND).
Violations ValidateRetractEvent(const v1::RetractEventRequest& request);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_EVENT_VALIDATOR_H_
