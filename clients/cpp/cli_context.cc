#include "clients/cpp/cli_context.h"

#include <unistd.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace chancery::cli {

Context MakeContext(const ParsedArgs& args) {
  Context context;
  const char* env_server = std::getenv("CHANCERY_SERVER");
  context.server = args.Value(
      "server", env_server != nullptr && *env_server != '\0' ? env_server : "127.0.0.1:50051");
  context.json = args.Has("json");
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  context.colour = isatty(STDOUT_FILENO) && (no_colour == nullptr || *no_colour == '\0') &&
                   !(term != nullptr && std::string(term) == "dumb");
  return context;
}

std::string UnreachableHint(const Context& context) {
  return absl::StrCat("is chanceryd running at ", context.server,
                      "? (set --server or CHANCERY_SERVER)");
}

Result<Client> Connect(const Context& context) {
  grpc::ChannelArguments arguments;
  // Reconnect soon after a server restart (gRPC's default backoff grows to 2 minutes).
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 200);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 200);
  Client client(context.server, grpc::InsecureChannelCredentials(), arguments);
  const std::shared_ptr<grpc::Channel>& channel = client.channel();
  // Wait until ready, but give up at the first failed attempt (nothing listens: connection
  // refused) rather than retrying until the deadline.
  const auto deadline = absl::ToChronoTime(absl::Now() + kConnectTimeout);
  grpc_connectivity_state state = channel->GetState(/*try_to_connect=*/true);
  while (state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE &&
         channel->WaitForStateChange(state, deadline)) {
    state = channel->GetState(/*try_to_connect=*/true);
  }
  if (state != GRPC_CHANNEL_READY) {
    return Error(grpc::StatusCode::UNAVAILABLE,
                 absl::StrCat("cannot connect to ", context.server, "; ", UnreachableHint(context)));
  }
  return client;
}

CallOptions WithTimeout(absl::Duration timeout) {
  CallOptions options;
  options.timeout = timeout;
  return options;
}

}  // namespace chancery::cli
