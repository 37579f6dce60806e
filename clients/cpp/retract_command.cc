// chancery retract EVENT_ID --reason TEXT: withdraws a recorded event.

#include <iostream>

#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/causation_flags.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/record_result.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

int RunRetract(const Context& context, const ParsedArgs& args) {
  if (!args.Has("reason")) {
    return ReportUsageError(absl::InvalidArgumentError(
        "chancery retract needs --reason TEXT (see chancery retract --help)"));
  }
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  v1::RetractEventRequest request;
  request.set_event_id(args.positionals()[0]);
  request.set_reason(args.Value("reason"));
  SetCausation(args, request);
  Result<v1::RetractEventResponse> response = client->RetractEvent(request, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  PrintRecordResult(context, response->result(), "retracted", std::cout);
  return kExitOk;
}

}  // namespace

Command RetractCommand() {
  return {{"retract", "EVENT_ID --reason TEXT",
           "Records a retraction of a recorded event.\n"
           "The event stays in the log; queries that know of the retraction ignore it.",
           WithCausationFlags({{"reason", true, "TEXT why the event is withdrawn (required)"}}),
           1, 1},
          RunRetract};
}

}  // namespace chancery::cli
