// chancery audit verify|replay|export: the auditor's commands.

#include <iostream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "chancery/v1/audit_service.pb.h"
#include "clients/cpp/checkpoint_commands.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/table.h"

namespace chancery::cli {
namespace {

// Verifying walks the whole log; give a long log the time it needs.
constexpr absl::Duration kVerifyTimeout = absl::Minutes(30);

int RunVerify(const Context& context, const ParsedArgs& args) {
  if (args.Has("checkpoint")) return RunVerifyCheckpoint(context, args);
  if (args.Has("public-key") || args.Has("proof")) {
    return ReportUsageError(absl::InvalidArgumentError(
        "--public-key and --proof go with --checkpoint FILE (see chancery audit verify --help)"));
  }
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Result<v1::VerifyLogResponse> verified = client->VerifyLog({}, WithTimeout(kVerifyTimeout));
  if (!verified.ok()) return ReportRpcError(context, verified.error());
  const v1::VerifyLogResponse& response = *verified;
  const bool intact = response.first_bad_position() == 0;
  if (context.json) {
    PrintJsonLine(response, std::cout);
  } else if (intact) {
    std::cout << Paint("ok", kGreen, context.colour) << ": " << response.verified_count()
              << " events, head " << absl::BytesToHexString(response.head_hash()) << std::endl;
  } else {
    std::cout << Paint("broken", kRed, context.colour) << ": first bad position "
              << response.first_bad_position() << ": " << response.problem() << " ("
              << response.verified_count() << " records before it verified)" << std::endl;
  }
  return intact ? kExitOk : kExitFailed;
}

int RunReplay(const Context& context, const ParsedArgs& args) {
  v1::ReplayRelationshipRequest request;
  request.set_dyad(DyadName(args.positionals()[0], args.positionals()[1]));
  if (absl::Status status = ReadDateRange(args, request); !status.ok()) {
    return ReportUsageError(status);
  }
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Table table({"DATE", "POSITION", "EVENT", "STATUS AFTER", "SCORE", "TREND"});
  const Result<void> replayed = client->ReplayRelationship(
      request, [&](const v1::ReplayRelationshipResponse& message) {
        if (context.json) {
          PrintJsonLine(message, std::cout);
          return Next::kContinue;
        }
        const v1::Relationship& state = message.state_after();
        table.AddRow({RecordDate(message.record()), absl::StrCat(message.record().position()),
                      Shorten(RecordWhat(message.record()), 60),
                      {StatusName(state.status()), StatusColour(state.status())},
                      FormatScore(state.score()), TrendName(state.trend())});
        return Next::kContinue;
      });
  if (!replayed.ok()) return ReportRpcError(context, replayed.error());
  if (!context.json) table.Print(std::cout, context.colour);
  return kExitOk;
}

int RunExport(const Context& context, const ParsedArgs& args) {
  if (args.Value("format", "ndjson") != "ndjson") {
    return ReportUsageError(absl::InvalidArgumentError(
        absl::StrCat("--format=", args.Value("format"), " is not one of: ndjson")));
  }
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  const Result<void> exported = client->ExportLog({}, [](const v1::ExportLogResponse& message) {
    std::cout << ToJsonLine(message.record()) << '\n';
    return Next::kContinue;
  });
  std::cout.flush();
  if (!exported.ok()) return ReportRpcError(context, exported.error());
  return kExitOk;
}

}  // namespace

Command AuditVerifyCommand() {
  return {{"audit verify", "[--checkpoint FILE --public-key PEM [--proof FILE]]",
           "Checks the log's hash chain.\n"
           "Prints \"ok: N events, head <hex>\" and exits 0, or names the first bad position\n"
           "and exits 1. With --checkpoint, checks the checkpoint's signature and that the log\n"
           "still extends it; with --proof too, checks offline that the proof's record is in\n"
           "the checkpoint's log (docs/audit.md).",
           {{"checkpoint", true, "FILE a signed checkpoint from audit checkpoint"},
            {"public-key", true, "PEM the Ed25519 public key that signs the checkpoints"},
            {"proof", true, "FILE an inclusion proof from audit prove (checked offline)"}}},
          RunVerify};
}

Command AuditReplayCommand() {
  return {{"audit replay", "A B [--from DATE] [--to DATE]",
           "Each event of the A-B dyad in date order with the relationship's state after it.",
           {{"from", true, "DATE first event date to show, YYYY-MM-DD"},
            {"to", true, "DATE last event date to show, YYYY-MM-DD"}},
           2, 2},
          RunReplay};
}

Command AuditExportCommand() {
  return {{"audit export", "[--format ndjson]",
           "Writes the whole log to stdout as NDJSON.\n"
           "One chancery.v1.LogRecord JSON per line; chancery import of that file into an empty\n"
           "server reproduces every relationship.",
           {{"format", true, "FORMAT ndjson (the only one)"}}},
          RunExport};
}

}  // namespace chancery::cli
