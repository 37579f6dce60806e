// Standing alerts: checking a group's AlertConditions, and which of them a
// relationship change meets.

#ifndef CHANCERY_SERVICES_SERVER_ALERT_CONDITIONS_H_
#define CHANCERY_SERVICES_SERVER_ALERT_CONDITIONS_H_

#include <vector>

#include "chancery/v1/relationship.pb.h"
#include "chancery/v1/subscription_group.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/domain/violations.h"

namespace chancery::server {

// CheckAlertConditions adds a violation, named "group.conditions[i]...",
// for each condition that sets nothing, holds a field this server does not
// know, or a threshold off the Goldstein scale, and for more than 20.
void CheckAlertConditions(const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
                          domain::Violations& bad_request);

// AlertsFor returns the alerts `change` raises: one per condition it meets.
std::vector<v1::Alert> AlertsFor(
    const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
    const v1::RelationshipChange& change);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_ALERT_CONDITIONS_H_
