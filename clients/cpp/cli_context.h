// What every command gets: where the server is, how to print, and a
// connection that fails fast when the server is not there.

#ifndef CHANCERY_CLIENTS_CPP_CLI_CONTEXT_H_
#define CHANCERY_CLIENTS_CPP_CLI_CONTEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chancery/client.h"
#include "clients/cpp/command_line.h"

namespace chancery::cli {

// How long a command waits for the server to accept a connection before it
// reports it unreachable (exit code 3).
inline constexpr absl::Duration kConnectTimeout = absl::Seconds(5);
// Deadline of a unary call once connected.
inline constexpr absl::Duration kCallTimeout = absl::Seconds(60);

struct Context {
  std::string server;   // HOST:PORT.
  Security security;    // TLS and token (--tls-*, --token).
  bool json = false;    // --json: one JSON object per line on stdout.
  bool colour = false;  // Colour in human output: only when stdout is a terminal.
};

// MakeContext reads the global flags of `args`, the environment
// (CHANCERY_SERVER, CHANCERY_TOKEN, CHANCERY_TLS_CA, CHANCERY_TLS_CERT,
// CHANCERY_TLS_KEY, CHANCERY_TLS_SERVER_NAME, NO_COLOR) and the PEM files they name. Errors:
// INVALID_ARGUMENT naming a file that cannot be read, or a client
// certificate without its key.
absl::StatusOr<Context> MakeContext(const ParsedArgs& args);

// Connect opens a client of `context.server` and waits up to
// kConnectTimeout until its channel is ready. On failure it returns
// UNAVAILABLE with a hint to start chanceryd.
Result<Client> Connect(const Context& context);

// WithTimeout is a call's options with `timeout`.
CallOptions WithTimeout(absl::Duration timeout = kCallTimeout);

// UnreachableHint is the sentence added to UNAVAILABLE errors.
std::string UnreachableHint(const Context& context);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_CLI_CONTEXT_H_
