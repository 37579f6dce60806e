// chancery watch: relationship changes as they happen, across server restarts.

#include <iostream>

#include "absl/strings/ascii.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/change_lines.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/follow_stream.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

int RunWatch(const Context& context, const ParsedArgs& args) {
  v1::WatchRelationshipsRequest request;
  if (args.Has("actor") && args.Has("dyad")) {
    return ReportUsageError(absl::InvalidArgumentError("give --actor or --dyad, not both"));
  }
  if (args.Has("actor")) request.add_actor_codes(absl::AsciiStrToUpper(args.Value("actor")));
  if (args.Has("dyad")) request.add_dyads(absl::AsciiStrToUpper(args.Value("dyad")));
  absl::StatusOr<uint64_t> from = ParseCountFlag("--from-position", args.Value("from-position", "0"));
  if (!from.ok()) return ReportUsageError(from.status());

  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  SubscribeOptions options = FollowOptions();
  // Without --from-position, changes from now on: after the head of the log.
  options.from_head = !args.Has("from-position");
  request.set_after_position(*from == 0 ? 0 : *from - 1);
  auto print = [&context](const v1::WatchRelationshipsResponse& message) {
    if (context.json) {
      PrintJsonLine(message, std::cout);
      return Next::kContinue;
    }
    if (message.has_change()) std::cout << ChangeLine(message.change(), context.colour) << std::endl;
    if (message.has_caught_up()) {
      std::cerr << "caught up at position " << message.caught_up().position() << "; watching live"
                << std::endl;
    }
    return Next::kContinue;
  };
  return FollowStream(context, client->WatchRelationships(request, print, std::move(options)));
}

}  // namespace

Command WatchCommand() {
  return {{"watch", "[--actor A | --dyad A-B] [--from-position N]",
           "Streams relationship changes as they happen.\n"
           "It runs until interrupted and keeps going across a server restart, resuming after\n"
           "the last position it printed.",
           {{"actor", true, "CODE only dyads with this actor (KHM)"},
            {"dyad", true, "A-B only this dyad (KHM-USA, either order)"},
            {"from-position", true,
             "N first the changes caused by records from position N on (default: only new ones)"}}},
          RunWatch};
}

}  // namespace chancery::cli
