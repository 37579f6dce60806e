// How subscription groups read in human output (the `chancery group` commands).

#ifndef CHANCERY_CLIENTS_CPP_GROUP_DISPLAY_H_
#define CHANCERY_CLIENTS_CPP_GROUP_DISPLAY_H_

#include <string>

#include "chancery/v1/subscription_group_service.pb.h"
#include "clients/cpp/table.h"

namespace chancery::cli {

// SourceName is "log" or "changes", as `group create --source` takes it.
std::string SourceName(v1::GroupSource source);

// FilterText says what passes the group's filter: "actors KHM, USA; CAMEO 19",
// or "everything".
std::string FilterText(const v1::SubscriptionGroup& group);

// GroupTable is `group list`'s table, empty.
Table GroupTable();
// AddGroupRow adds a group and its state to GroupTable's rows.
void AddGroupRow(const v1::GetGroupResponse& group, Table& table);

// PrintGroup prints a group's definition and state, a line each (`group describe`).
void PrintGroup(const v1::GetGroupResponse& group, bool colour);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_GROUP_DISPLAY_H_
