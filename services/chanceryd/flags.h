// chanceryd's command line (docs/contract.md, "chanceryd (the server)").

#ifndef CHANCERY_SERVICES_CHANCERYD_FLAGS_H_
#define CHANCERY_SERVICES_CHANCERYD_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "eventstore/durability.h"

namespace chancery::chanceryd {

struct Flags {
  std::string listen = "127.0.0.1:50051";  // HOST:PORT; port 0 picks a free port.
  std::string store = "sqlite:chancery.db";
  eventstore::Durability durability = eventstore::Durability::kFull;
  std::string port_file;  // Written with the bound port once listening; none if empty.
  // Records a subscriber may lag behind the head, once caught up, before it
  // is ended with RESOURCE_EXHAUSTED.
  size_t subscriber_buffer = 10000;
  double half_life_days = 90;  // Half-life of relationship scores.
  // PEM file of the Ed25519 private key that signs checkpoints; none if empty.
  std::string signing_key;
  bool help = false;
};

// ParseFlags reads `args` (without the program name). A bad flag is
// INVALID_ARGUMENT with a one-line reason.
absl::StatusOr<Flags> ParseFlags(const std::vector<std::string>& args);

// The --help text.
std::string Usage();

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_FLAGS_H_
