#include "services/chanceryd/flags.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace chancery::chanceryd {
namespace {

absl::Status CheckListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen=", listen, " is not HOST:PORT with a port from 0 to 65535 (0 picks one)"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string Usage() {
  return R"(usage: chanceryd [flags]

Serves Chancery's gRPC API (chancery.v1) over an event log.

  --listen=HOST:PORT          address to serve on; port 0 picks a free port
                              (default 127.0.0.1:50051)
  --store=URI                 sqlite:PATH (default sqlite:chancery.db)
  --durability=full|normal    full: an acknowledged append survives power loss;
                              normal: it survives a crash of the process (default full)
  --port-file=PATH            once listening, write the bound port to PATH
  --subscriber-buffer=N       records a caught-up subscriber may lag before it is
                              ended with RESOURCE_EXHAUSTED (default 10000)
  --half-life-days=D          half-life of relationship scores, in days
                              (default 90; see docs/relationship-model.md)
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
    size_t equals = arg.find('=');
    if (!absl::StartsWith(arg, "--") || equals == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unexpected argument \"", arg, "\"; flags are --name=value (see --help)"));
    }
    const std::string name = arg.substr(0, equals);
    const std::string value = arg.substr(equals + 1);
    if (name == "--listen") {
      if (absl::Status valid = CheckListen(value); !valid.ok()) return valid;
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
    } else if (name == "--signing-key") {
      if (value.empty()) return absl::InvalidArgumentError("--signing-key needs a PEM file");
      flags.signing_key = value;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag ", name, "; see chanceryd --help"));
    }
  }
  return flags;
}

}  // namespace chancery::chanceryd
