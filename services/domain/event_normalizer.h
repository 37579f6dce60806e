// The stored form of a diplomatic event, and its bytes.
//
// A valid event (see event_validator.h) is normalized before it is stored
// and before it is compared with an event of the same id, so that a retry
// of the same event, however the client wrote the id's case or whether it
// spelt out the codebook's Goldstein value, gives the same bytes.
//
// Example:
//   NormalizeEvent(event);                           // after validation
//   std::string payload = DeterministicBytes(event);  // what the log stores

#ifndef CHANCERY_SERVICES_DOMAIN_EVENT_NORMALIZER_H_
#define CHANCERY_SERVICES_DOMAIN_EVENT_NORMALIZER_H_

#include <string>

#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"
#include "services/domain/cameo_codebook.h"

namespace chancery::domain {

// NormalizeEvent puts `event` in its stored form:
//   - `event_id` in lower case;
//   - `goldstein`, when unset, set to the codebook's value for `cameo_code`;
//     -0.0 becomes 0.0; a value the client set is otherwise kept;
//   - `quad_class`, when QUAD_CLASS_UNSPECIFIED, set to the codebook's class
//     for `cameo_code` (from its root); a class the client set is kept (GDELT
//     gives protest, root 14, class 3 where the standard mapping says 4);
//   - unknown fields (from a newer client) dropped, so only validated
//     fields are stored.
// Actor and role codes are not touched: validation requires them upper-case.
// Meant for events that passed validation; on others it does what it can
// (an unknown `cameo_code` leaves goldstein and quad_class as they are).
void NormalizeEvent(v1::DiplomaticEvent& event,
                    const CameoCodebook& codebook = CameoCodebook::Default());

// HasUnknownFields tells whether `event`, or any message inside it, holds
// fields this build does not know. It looks at each message DiplomaticEvent
// can hold (event_normalizer_test.cc checks that list against the
// descriptors).
bool HasUnknownFields(const v1::DiplomaticEvent& event);

// NormalizeObservation puts a valid `observation` in its stored form:
// `observation_id` in lower case, `a_code` before `b_code` in alphabetical
// order (the levels swapped with them), unknown fields dropped.
void NormalizeObservation(v1::RepresentationObservation& observation);

// DeterministicBytes serializes `message` (a normalized event or
// observation) with protobuf's deterministic serialization: equal messages
// give equal bytes within this build. Store these bytes, and compare the
// bytes of normalized records to tell a retry (same id, same content) from a
// conflicting reuse of an id.
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_EVENT_NORMALIZER_H_
