#include "clients/cpp/cli_context.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "chancery/servers.h"

namespace chancery::cli {

namespace {

// Setting: the flag's value, else the environment variable's, else "".
std::string Setting(const ParsedArgs& args, absl::string_view flag, const char* variable,
                    absl::string_view fallback = "") {
  const char* from_environment = std::getenv(variable);
  return args.Value(flag, from_environment != nullptr && *from_environment != '\0'
                              ? absl::string_view(from_environment)
                              : fallback);
}

// ReadPem reads the PEM file a flag names ("" for none).
absl::StatusOr<std::string> ReadPem(absl::string_view flag, const std::string& path) {
  if (path.empty()) return std::string();
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  if (!file || text.str().find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--", flag, "=", path, ": ",
        file ? "holds no PEM block" : absl::StrCat("cannot read it: ", std::strerror(errno))));
  }
  return text.str();
}

}  // namespace

absl::StatusOr<Context> MakeContext(const ParsedArgs& args) {
  Context context;
  context.server = Setting(args, "server", "CHANCERY_SERVER", "127.0.0.1:50051");
  if (Result<std::string> target = ServersTarget(context.server); !target.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("--server: ", target.error().message()));
  }
  context.security.token = Setting(args, "token", "CHANCERY_TOKEN");
  context.security.tls_server_name = Setting(args, "tls-server-name", "CHANCERY_TLS_SERVER_NAME");
  const struct {
    absl::string_view flag;
    const char* variable;
    std::string* pem;
  } files[] = {{"tls-ca", "CHANCERY_TLS_CA", &context.security.tls_ca_pem},
               {"tls-cert", "CHANCERY_TLS_CERT", &context.security.tls_cert_pem},
               {"tls-key", "CHANCERY_TLS_KEY", &context.security.tls_key_pem}};
  for (const auto& file : files) {
    absl::StatusOr<std::string> pem = ReadPem(file.flag, Setting(args, file.flag, file.variable));
    if (!pem.ok()) return pem.status();
    *file.pem = *std::move(pem);
  }
  if (context.security.tls_cert_pem.empty() != context.security.tls_key_pem.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together (a client certificate and its key, for mutual TLS)");
  }
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
  Client client(context.server, context.security, arguments);
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
                 absl::StrCat("cannot connect to ", context.server, "; ", UnreachableHint(context),
                              context.security.tls()
                                  ? " If it is, the TLS handshake failed: is --tls-ca the CA of "
                                    "its certificate, does the certificate carry the server's "
                                    "name (else give --tls-server-name), and does it serve TLS?"
                                  : " If it serves TLS, give --tls-ca (or CHANCERY_TLS_CA)."));
  }
  return client;
}

CallOptions WithTimeout(absl::Duration timeout) {
  CallOptions options;
  options.timeout = timeout;
  return options;
}

}  // namespace chancery::cli
