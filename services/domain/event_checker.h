// The rules for one DiplomaticEvent or RepresentationObservation (internal to
// chancery_domain).
//
// event_validator.h states the rules and is the public entry point; this is
// the per-event half of it, shared by ValidateRecordEvents and ValidateEvent.

#ifndef CHANCERY_SERVICES_DOMAIN_EVENT_CHECKER_H_
#define CHANCERY_SERVICES_DOMAIN_EVENT_CHECKER_H_

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"
#include "services/domain/event_validator.h"
#include "services/domain/violations.h"

namespace chancery::domain {

// CheckEvent adds to `violations` one violation per bad field of `event`,
// each field path starting with `prefix` ("events[3]." or ""). `now` gives
// the latest allowed occur_date. Duplicate ids and streams are the
// request's business, not checked here.
void CheckEvent(const v1::DiplomaticEvent& event, absl::string_view prefix, absl::Time now,
                const DomainTables& tables, Violations& violations);

// CheckObservation does the same for a RepresentationObservation: the rules
// of observation.proto.
void CheckObservation(const v1::RepresentationObservation& observation, absl::string_view prefix,
                      absl::Time now, const DomainTables& tables, Violations& violations);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_EVENT_CHECKER_H_
