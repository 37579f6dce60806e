// --correlation-id and --causation-id: where a record written from the
// command line came from (docs/api.md, "Correlation and causation").

#ifndef CHANCERY_CLIENTS_CPP_CAUSATION_FLAGS_H_
#define CHANCERY_CLIENTS_CPP_CAUSATION_FLAGS_H_

#include <vector>

#include "clients/cpp/command_line.h"

namespace chancery::cli {

// WithCausationFlags: a write command's `flags` and these two.
inline std::vector<FlagSpec> WithCausationFlags(std::vector<FlagSpec> flags) {
  flags.push_back({"correlation-id", true, "ID the conversation or workflow it belongs to"});
  flags.push_back({"causation-id", true, "ID what caused it, e.g. the event_id it reacts to"});
  return flags;
}

// SetCausation copies the flags, if given, into a write `request`.
template <typename Request>
void SetCausation(const ParsedArgs& args, Request& request) {
  request.set_correlation_id(args.Value("correlation-id"));
  request.set_causation_id(args.Value("causation-id"));
}

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_CAUSATION_FLAGS_H_
