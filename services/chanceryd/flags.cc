#include "services/chanceryd/flags.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"

namespace chancery::chanceryd {
namespace {

// CheckAddress: `value` of flag `name` is HOST:PORT.
absl::Status CheckAddress(const char* name, const std::string& value) {
  size_t colon = value.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(value.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, "=", value, " is not HOST:PORT with a port from 0 to 65535 (0 picks one)"));
  }
  return absl::OkStatus();
}

// CheckSecurity: the TLS and token flags go together, and plaintext stays on
// loopback unless --insecure says otherwise.
absl::Status CheckSecurity(const Flags& flags) {
  if (flags.tls_cert.empty() != flags.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together: give both or neither");
  }
  const bool tls = !flags.tls_cert.empty();
  if (!flags.tls_client_ca.empty() && !tls) {
    return absl::InvalidArgumentError(
        "--tls-client-ca needs --tls-cert and --tls-key: client certificates are checked over TLS");
  }
  if (!tls && !IsLoopback(flags.listen)) {
    if (!flags.insecure) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--listen=", flags.listen, " is not a loopback address, and plaintext there is open to "
          "the network: serve TLS (--tls-cert, --tls-key) or pass --insecure"));
    }
    if (!flags.tokens.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--tokens over plaintext on --listen=", flags.listen, " would send every token across "
          "the network in clear: serve TLS (--tls-cert, --tls-key) or listen on loopback"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

bool IsLoopback(const std::string& listen) {
  const std::string host = listen.substr(0, listen.rfind(':'));
  return host == "localhost" || host == "::1" || host == "[::1]" ||
         absl::StartsWith(host, "127.");
}

std::string Usage() {
  return R"(usage: chanceryd [flags]

Serves Chancery's gRPC API (chancery.v1) over an event log.

  --listen=HOST:PORT          address to serve on; port 0 picks a free port
                              (default 127.0.0.1:50051)
  --store=URI                 sqlite:PATH (default sqlite:chancery.db)
  --durability=full|normal    full: an acknowledged append survives power loss;
                              normal: it survives a crash of the process (default full)
  --port-file=PATH            once listening, write the bound port to PATH
  --metrics-listen=HOST:PORT  serve Prometheus metrics at http://HOST:PORT/metrics
                              (default: none; port 0 picks a free port)
  --log-format=text|json      stderr lines as text, or one JSON object each (default text)
  --log-calls                 a log line for every call: method, peer, status, duration
                              and request id
  --slow-call=DURATION        a unary call that takes this long is logged as a warning,
                              with or without --log-calls (default 1s)
  --subscriber-buffer=N       records a caught-up subscriber may lag before it is
                              ended with RESOURCE_EXHAUSTED (default 10000)
  --half-life-days=D          half-life of relationship scores, in days
                              (default 90; see docs/relationship-model.md)
  --tls-cert=PEM --tls-key=PEM
                              serve TLS with this certificate chain and key; SIGHUP
                              reloads them (and the tokens file) without dropping
                              connections
  --tls-client-ca=PEM         mutual TLS: require client certificates this CA signed
  --insecure                  allow plaintext on an address other than loopback
  --tokens=FILE               callers need a bearer token from FILE, whose lines are
                              "sha256:<hex digest of the token> <principal> <role>[,<role>...]";
                              roles: reader, recorder, retractor, auditor, admin.
                              Without it every caller may do everything
  --reflection=open           serve reflection without a token even with --tokens
  --allow-http-webhooks-to-localhost
                              let subscription groups' webhooks use plain http to
                              localhost or 127.0.0.1 (otherwise https only)
  --webhook-ca=PEM            check webhooks' https servers against these CA
                              certificates instead of the system's
  --write-rate=N              write calls a second one caller may make (default 20000;
                              0: no limit). A caller is a token's principal, else a
                              client certificate's subject, else an IP address
  --read-rate=N               read calls a second one caller may make (default 50000;
                              0: no limit)
  --streams-per-caller=N      streams (subscriptions, watches, exports, replays) one
                              caller may hold open (default 1000)
  --streams-per-connection=N  calls one connection may have in flight (default 100)
  --max-message-bytes=N       largest request or response message (default 4194304)
  --call-deadline=DURATION    how long a unary call that sets no deadline may wait to be
                              served, e.g. 500ms, 60s, 2m (default 60s); past it the call
                              is answered DEADLINE_EXCEEDED with nothing done
  --signing-key=PEM           Ed25519 private key that signs checkpoints of the log
                              (default none: no checkpoints; see docs/audit.md)
  --help                      print this and exit

On start it prints "chanceryd listening on HOST:PORT" to stderr. SIGTERM or SIGINT
stops it gracefully. Exit codes: 0 after a clean shutdown, 2 for a bad flag, an
unusable store or an address it cannot listen on.
)";
}

absl::StatusOr<Flags> ParseFlags(const std::vector<std::string>& args) {
  Flags flags;
  for (const std::string& arg : args) {
    if (arg == "--help" || arg == "-h") {
      flags.help = true;
      continue;
    }
    if (arg == "--insecure") {
      flags.insecure = true;
      continue;
    }
    if (arg == "--log-calls") {
      flags.log_calls = true;
      continue;
    }
    if (arg == "--allow-http-webhooks-to-localhost") {
      flags.allow_http_webhooks_to_localhost = true;
      continue;
    }
    size_t equals = arg.find('=');
    if (!absl::StartsWith(arg, "--") || equals == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument \"", arg, "\"; flags are --name=value (see --help)"));
    }
    const std::string name = arg.substr(0, equals);
    const std::string value = arg.substr(equals + 1);
    if (name == "--listen") {
      if (absl::Status valid = CheckAddress("--listen", value); !valid.ok()) return valid;
      flags.listen = value;
    } else if (name == "--store") {
      flags.store = value;
    } else if (name == "--durability") {
      absl::StatusOr<eventstore::Durability> durability = eventstore::ParseDurability(value);
      if (!durability.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--durability=", value, " is not one of: full, normal"));
      }
      flags.durability = *durability;
    } else if (name == "--log-format") {
      if (value == "text") {
        flags.log_format = log::Format::kText;
      } else if (value == "json") {
        flags.log_format = log::Format::kJson;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("--log-format=", value, " is not one of: text, json"));
      }
    } else if (name == "--slow-call") {
      if (!absl::ParseDuration(value, &flags.slow_call) || flags.slow_call < absl::Microseconds(1) ||
          flags.slow_call > absl::Hours(24)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--slow-call=", value, " is not a duration from 1us to 24h, such as 1s or 250ms"));
      }
    } else if (name == "--webhook-ca") {
      if (value.empty()) return absl::InvalidArgumentError("--webhook-ca needs a PEM file");
      flags.webhook_ca = value;
    } else if (name == "--metrics-listen") {
      if (absl::Status address = CheckAddress("--metrics-listen", value); !address.ok()) {
        return address;
      }
      flags.metrics_listen = value;
    } else if (name == "--port-file") {
      if (value.empty()) return absl::InvalidArgumentError("--port-file needs a path");
      flags.port_file = value;
    } else if (name == "--subscriber-buffer") {
      if (!absl::SimpleAtoi(value, &flags.subscriber_buffer) || flags.subscriber_buffer == 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("--subscriber-buffer=", value, " is not a positive number"));
      }
    } else if (name == "--half-life-days") {
      if (!absl::SimpleAtod(value, &flags.half_life_days) || !(flags.half_life_days >= 1) ||
          flags.half_life_days > 36500) {
        return absl::InvalidArgumentError(
            absl::StrCat("--half-life-days=", value, " is not a number of days from 1 to 36500"));
      }
    } else if (name == "--tls-cert" || name == "--tls-key" || name == "--tls-client-ca" ||
               name == "--tokens") {
      if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(name, " needs a path"));
      std::string& path = name == "--tls-cert"  ? flags.tls_cert
                          : name == "--tls-key" ? flags.tls_key
                          : name == "--tokens"  ? flags.tokens
                                                : flags.tls_client_ca;
      path = value;
    } else if (name == "--write-rate" || name == "--read-rate") {
      double& rate = name == "--write-rate" ? flags.limits.write_calls_per_second
                                            : flags.limits.read_calls_per_second;
      if (!absl::SimpleAtod(value, &rate) || !(rate >= 0) || rate > 1e9) {
        return absl::InvalidArgumentError(absl::StrCat(
            name, "=", value, " is not a number of calls a second from 0 (no limit) to 1e9"));
      }
    } else if (name == "--streams-per-caller" || name == "--streams-per-connection" ||
               name == "--max-message-bytes") {
      int& count = name == "--streams-per-caller"       ? flags.limits.streams_per_caller
                   : name == "--streams-per-connection" ? flags.streams_per_connection
                                                        : flags.max_message_bytes;
      if (!absl::SimpleAtoi(value, &count) || count <= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(name, "=", value, " is not a positive number"));
      }
    } else if (name == "--call-deadline") {
      absl::Duration& deadline = flags.limits.call_deadline;
      if (!absl::ParseDuration(value, &deadline) || deadline < absl::Milliseconds(1) ||
          deadline > absl::Hours(24)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--call-deadline=", value, " is not a duration from 1ms to 24h, such as 60s or 500ms"));
      }
    } else if (name == "--reflection") {
      if (value != "open") {
        return absl::InvalidArgumentError(absl::StrCat(
            "--reflection=", value, " is not \"open\" (without it, reflection needs a token "
            "when there are --tokens)"));
      }
      flags.reflection_open = true;
    } else if (name == "--signing-key") {
      if (value.empty()) return absl::InvalidArgumentError("--signing-key needs a PEM file");
      flags.signing_key = value;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag ", name, "; see chanceryd --help"));
    }
  }
  if (absl::Status secure = CheckSecurity(flags); !secure.ok()) return secure;
  return flags;
}

}  // namespace chancery::chanceryd
