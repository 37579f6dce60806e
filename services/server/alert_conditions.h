// Standing alerts: checking a group's or a watch's AlertConditions, and
// which of them a relationship change meets.

#ifndef CHANCERY_SERVICES_SERVER_ALERT_CONDITIONS_H_
#define CHANCERY_SERVICES_SERVER_ALERT_CONDITIONS_H_

#include <vector>

#include "absl/strings/string_view.h"
#include "chancery/v1/relationship.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/domain/violations.h"

namespace chancery::server {

// CheckAlertConditions adds a violation, named "<field>[i]...", for each
// condition that sets nothing, holds a field this server does not know, or
// a threshold off the Goldstein scale, and for more than 20.
void CheckAlertConditions(const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
                          absl::string_view field, domain::Violations& bad_request);

// AlertsFor returns the alerts `change` raises: one per condition it meets.
std::vector<v1::Alert> AlertsFor(
    const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
    const v1::RelationshipChange& change);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_ALERT_CONDITIONS_H_
