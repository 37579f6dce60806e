// chancery relations: a table of relationships.

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/table.h"

namespace chancery::cli {
namespace {

int RunRelations(const Context& context, const ParsedArgs& args) {
  v1::ListRelationshipsRequest request;
  request.set_actor_code(absl::AsciiStrToUpper(args.Value("actor")));
  if (args.Has("status")) {
    absl::StatusOr<v1::RelationshipStatus> status = ParseStatus(args.Value("status"));
    if (!status.ok()) return ReportUsageError(status.status());
    request.set_status(*status);
  }
  if (absl::Status status = ReadQueryPoint(args, request); !status.ok()) {
    return ReportUsageError(status);
  }
  request.set_page_size(1000);
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Table table({"DYAD", "STATUS", "SCORE", "TREND", "EVENTS", "LAST EVENT"});
  do {
    Result<v1::ListRelationshipsResponse> response = client->ListRelationships(request, WithTimeout());
    if (!response.ok()) return ReportRpcError(context, response.error());
    for (const v1::Relationship& relation : response->relationships()) {
      if (context.json) {
        PrintJsonLine(relation, std::cout);
        continue;
      }
      table.AddRow({relation.dyad(),
                    {StatusName(relation.status()), StatusColour(relation.status())},
                    FormatScore(relation.score()), TrendName(relation.trend()),
                    absl::StrCat(relation.event_count()),
                    relation.has_last_event() ? RecordDate(relation.last_event()) : ""});
    }
    request.set_page_token(response->next_page_token());
  } while (!request.page_token().empty());
  if (!context.json) {
    if (table.empty()) {
      std::cout << "no relationships match" << std::endl;
    } else {
      table.Print(std::cout, context.colour);
    }
  }
  return kExitOk;
}

}  // namespace

Command RelationsCommand() {
  return {{"relations", "[--actor A] [--status S] [--as-of DATE] [--known-at POSITION]",
           "A table of the relationships with at least one event or observation, most\n"
           "cooperative first,\n"
           "as of a date and as known at a log position (like relation).",
           {{"actor", true, "CODE only dyads with this actor (KHM)"},
            {"status", true,
             "STATUS only this status: none, normal, strained, downgraded, suspended, severed,\n"
             "unknown"},
            {"as-of", true, "DATE the date whose states are wanted, YYYY-MM-DD (default today)"},
            {"known-at", true, "POSITION know the log only up to this position (default all)"}}},
          RunRelations};
}

}  // namespace chancery::cli
