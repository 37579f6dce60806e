// chanceryd's command line (docs/contract.md, "chanceryd (the server)").

#ifndef CHANCERY_SERVICES_CHANCERYD_FLAGS_H_
#define CHANCERY_SERVICES_CHANCERYD_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "eventstore/durability.h"
#include "services/server/call_limits.h"

namespace chancery::chanceryd {

struct Flags {
  std::string listen = "127.0.0.1:50051";  // HOST:PORT; port 0 picks a free port.
  std::string store = "sqlite:chancery.db";
  eventstore::Durability durability = eventstore::Durability::kFull;
  std::string port_file;  // Written with the bound port once listening; none if empty.
  // HOST:PORT of the Prometheus metrics endpoint (/metrics); none if empty.
  std::string metrics_listen;
  log::Format log_format = log::Format::kText;
  bool log_calls = false;                         // A log line per call.
  absl::Duration slow_call = absl::Seconds(1);    // A unary call this slow is a warning.
  // Records a subscriber may lag behind the head, once caught up, before it
  // is ended with RESOURCE_EXHAUSTED.
  size_t subscriber_buffer = 10000;
  double half_life_days = 90;  // Half-life of relationship scores.
  // TLS: the server's certificate chain and key (PEM); with a client CA,
  // callers must present a certificate it signed. All empty: plaintext.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  bool insecure = false;  // Allows plaintext on an address other than loopback.
  std::string tokens;     // The tokens file; empty: every caller may do everything.
  bool reflection_open = false;  // Reflection without a token even when there are tokens.
  // Subscription groups' webhooks may use plain http to localhost (tests).
  bool allow_http_webhooks_to_localhost = false;
  // PEM CA certificates that webhooks' https servers are checked against;
  // empty: the system's.
  std::string webhook_ca;
  server::LimitSettings limits;   // Per caller: call rates and open streams.
  int max_message_bytes = 4 << 20;       // Largest message either way.
  int streams_per_connection = 100;      // HTTP/2 concurrent streams on one connection.
  // PEM file of the Ed25519 private key that signs checkpoints; none if empty.
  std::string signing_key;
  bool help = false;
};

// ParseFlags reads `args` (without the program name). A bad flag, or flags
// that do not go together (a certificate without its key; plaintext on a
// network address without --insecure), is INVALID_ARGUMENT with a one-line
// reason.
absl::StatusOr<Flags> ParseFlags(const std::vector<std::string>& args);

// IsLoopback: whether HOST of `listen` (HOST:PORT) is this machine only
// (127.0.0.0/8, ::1, localhost).
bool IsLoopback(const std::string& listen);

// The --help text.
std::string Usage();

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_FLAGS_H_
