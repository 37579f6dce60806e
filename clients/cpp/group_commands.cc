// chancery group list|describe|reset|delete: the subscription groups the server keeps.

#include <iostream>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "chancery/v1/subscription_group_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/group_display.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/unary_call.h"

namespace chancery::cli {
namespace {

int RunGroupList(const Context& context, const ParsedArgs&) {
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Result<v1::ListGroupsResponse> response = client->ListGroups({}, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  Table table = GroupTable();
  for (const v1::GetGroupResponse& group : response->groups()) {
    if (context.json) {
      PrintJsonLine(group, std::cout);
    } else {
      AddGroupRow(group, table);
    }
  }
  if (context.json) return kExitOk;
  if (table.empty()) {
    std::cout << "no groups" << std::endl;
  } else {
    table.Print(std::cout, context.colour);
  }
  return kExitOk;
}

int RunGroupDescribe(const Context& context, const ParsedArgs& args) {
  v1::GetGroupRequest request;
  request.set_name(args.positionals()[0]);
  return CallAndPrint(context, &Client::GetGroup, request,
                      [&context](const v1::GetGroupResponse& response) {
                        PrintGroup(response, context.colour);
                      });
}

// ReadTarget sets the request's new checkpoint from --to-position or --to-date.
absl::Status ReadTarget(const ParsedArgs& args, v1::ResetGroupRequest& request) {
  if (args.Has("to-position") == args.Has("to-date")) {
    return absl::InvalidArgumentError("give --to-position N or --to-date DATE (one of them)");
  }
  if (args.Has("to-position")) {
    absl::StatusOr<uint64_t> position = ParseCountFlag("--to-position", args.Value("to-position"));
    if (!position.ok()) return position.status();
    request.set_after_position(*position);
    return absl::OkStatus();
  }
  absl::StatusOr<google::type::Date> date = ParseDateFlag("--to-date", args.Value("to-date"));
  if (!date.ok()) return date.status();
  const absl::CivilDay day(date->year(), date->month(), date->day());
  const absl::Time midnight = absl::FromCivil(day, absl::UTCTimeZone());
  request.mutable_recorded_since()->set_seconds(absl::ToUnixSeconds(midnight));
  return absl::OkStatus();
}

int RunGroupReset(const Context& context, const ParsedArgs& args) {
  v1::ResetGroupRequest request;
  request.set_name(args.positionals()[0]);
  if (absl::Status target = ReadTarget(args, request); !target.ok()) {
    return ReportUsageError(target);
  }
  return CallAndPrint(context, &Client::ResetGroup, request,
                      [](const v1::ResetGroupResponse& response) {
                        std::cout << "reset group " << response.group().name()
                                  << ": checkpoint " << response.group().checkpoint()
                                  << std::endl;
                      });
}

int RunGroupDelete(const Context& context, const ParsedArgs& args) {
  v1::DeleteGroupRequest request;
  request.set_name(args.positionals()[0]);
  return CallAndPrint(context, &Client::DeleteGroup, request,
                      [&request](const v1::DeleteGroupResponse&) {
                        std::cout << "deleted group " << request.name() << std::endl;
                      });
}

}  // namespace

Command GroupListCommand() {
  return {{"group list", "",
           "A table of the subscription groups and their state.\n"
           "For each: source, checkpoint, head of the log, lag, consumers, events in flight and\n"
           "parked.",
           {}},
          RunGroupList};
}

Command GroupDescribeCommand() {
  return {{"group describe", "NAME",
           "A subscription group's definition and state.\n"
           "Source, filter, max attempts, ack timeout; checkpoint, head of the log, lag,\n"
           "consumers, events in flight and parked.",
           {},
           1,
           1},
          RunGroupDescribe};
}

Command GroupResetCommand() {
  return {{"group reset", "NAME --to-position N | --to-date DATE",
           "Moves a group's checkpoint, back to deliver events again or forward to skip them.\n"
           "Events in flight are dropped and delivery restarts after the new checkpoint.",
           {{"to-position", true, "N the new checkpoint: deliver the events after position N"},
            {"to-date", true,
             "DATE deliver the events recorded from 00:00 UTC of DATE on, YYYY-MM-DD"}},
           1,
           1},
          RunGroupReset};
}

Command GroupDeleteCommand() {
  return {{"group delete", "NAME",
           "Deletes a subscription group and its parked events.\n"
           "Its consumers' streams end with NOT_FOUND.",
           {},
           1,
           1},
          RunGroupDelete};
}

}  // namespace chancery::cli
