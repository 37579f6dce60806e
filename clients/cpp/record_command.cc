// chancery record: records one event typed on the command line.

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/causation_flags.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/record_result.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

constexpr const char* kRequired[] = {"source", "target", "code", "date", "summary"};

int RunRecord(const Context& context, const ParsedArgs& args) {
  for (const char* flag : kRequired) {
    if (!args.Has(flag)) {
      return ReportUsageError(absl::InvalidArgumentError(
          absl::StrCat("chancery record needs --", flag, " (see chancery record --help)")));
    }
  }
  absl::StatusOr<google::type::Date> date = ParseDateFlag("--date", args.Value("date"));
  if (!date.ok()) return ReportUsageError(date.status());

  // Codes go to the server as typed, upper-cased; it knows which exist and says so.
  v1::DiplomaticEvent event;
  event.set_event_id(args.Value("id", RandomEventId()));
  *event.mutable_occur_date() = *date;
  event.mutable_source()->set_code(absl::AsciiStrToUpper(args.Value("source")));
  event.mutable_source()->set_role(absl::AsciiStrToUpper(args.Value("source-role")));
  event.mutable_target()->set_code(absl::AsciiStrToUpper(args.Value("target")));
  event.mutable_target()->set_role(absl::AsciiStrToUpper(args.Value("target-role")));
  event.set_cameo_code(args.Value("code"));
  event.set_summary(args.Value("summary"));
  if (args.Has("url")) event.add_citations()->set_url(args.Value("url"));

  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  v1::RecordEventsRequest request;
  *request.add_events() = std::move(event);
  SetCausation(args, request);
  Result<v1::RecordEventsResponse> response = client->RecordEvents(request, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  PrintRecordResult(context, response->results(0), "recorded", std::cout);
  return kExitOk;
}

}  // namespace

Command RecordCommand() {
  return {{"record",
           "--source CODE --target CODE --code CAMEO --date YYYY-MM-DD --summary TEXT [flags]",
           "Records one event and prints its id and log position.\n"
           "Recording the same --id with the same content again records nothing (it prints\n"
           "\"already recorded\").",
           WithCausationFlags({
               {"source", true, "CODE actor who acts (USA)"},
               {"target", true, "CODE actor acted upon (KHM)"},
               {"code", true, "CAMEO event code, 2 to 4 digits (036)"},
               {"date", true, "YYYY-MM-DD date the event happened"},
               {"summary", true, "TEXT what happened"},
               {"source-role", true, "ROLE CAMEO role of the source (GOV)"},
               {"target-role", true, "ROLE CAMEO role of the target (GOV)"},
               {"url", true, "URL citation: an http or https source"},
               {"id", true, "UUID event id (default: a new random one)"}})},
          RunRecord};
}

}  // namespace chancery::cli
