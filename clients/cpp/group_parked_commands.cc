// chancery group parked|replay: the events a group gave up delivering, and
// putting them back into delivery.

#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chancery/v1/subscription_group_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/table.h"
#include "clients/cpp/unary_call.h"

namespace chancery::cli {
namespace {

std::string ParkTime(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(time.seconds()),
                          absl::UTCTimeZone());
}

int RunGroupParked(const Context& context, const ParsedArgs& args) {
  v1::ListParkedEventsRequest request;
  request.set_name(args.positionals()[0]);
  request.set_page_size(1000);
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Table table({"POSITION", "STREAM", "ATTEMPTS", "PARKED (UTC)", "REPLAYING", "LAST ERROR"});
  do {
    Result<v1::ListParkedEventsResponse> response =
        client->ListParkedEvents(request, WithTimeout());
    if (!response.ok()) return ReportRpcError(context, response.error());
    for (const v1::ParkedEvent& event : response->events()) {
      if (context.json) {
        PrintJsonLine(event, std::cout);
        continue;
      }
      table.AddRow({absl::StrCat(event.position()), event.stream(),
                    absl::StrCat(event.attempts()), ParkTime(event.park_time()),
                    event.replaying() ? "yes" : "no", Shorten(event.last_error(), 80)});
    }
    request.set_page_token(response->next_page_token());
  } while (!request.page_token().empty());
  if (!context.json) {
    if (table.empty()) {
      std::cout << "no parked events" << std::endl;
    } else {
      table.Print(std::cout, context.colour);
    }
  }
  return kExitOk;
}

int RunGroupReplay(const Context& context, const ParsedArgs& args) {
  v1::ReplayParkedEventsRequest request;
  request.set_name(args.positionals()[0]);
  for (const std::string& text : args.Values("position")) {
    absl::StatusOr<uint64_t> position = ParseCountFlag("--position", text);
    if (!position.ok()) return ReportUsageError(position.status());
    request.add_positions(*position);
  }
  return CallAndPrint(context, &Client::ReplayParkedEvents, request,
                      [&request](const v1::ReplayParkedEventsResponse& response) {
                        std::cout << "replayed " << response.replayed_count()
                                  << (response.replayed_count() == 1 ? " parked event"
                                                                     : " parked events")
                                  << " of group " << request.name() << std::endl;
                      });
}

}  // namespace

Command GroupParkedCommand() {
  return {{"group parked", "NAME",
           "A table of a group's parked events (every page).\n"
           "Those are the events that failed its max attempts; the table says why the last\n"
           "delivery failed.",
           {},
           1,
           1},
          RunGroupParked};
}

Command GroupReplayCommand() {
  return {{"group replay", "NAME [--position P ...]",
           "Puts a group's parked events back into delivery.\n"
           "Their attempts are counted afresh; each stays listed, replaying, until a consumer\n"
           "acknowledges it.",
           {{"position", true, "P replay the event at P (repeatable; default: every parked event)",
             true}},
           1,
           1},
          RunGroupReplay};
}

}  // namespace chancery::cli
