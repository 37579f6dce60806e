// chancery::CallOptions: the deadline and metadata of one call.

#ifndef CHANCERY_CLIENT_CALL_OPTIONS_H_
#define CHANCERY_CLIENT_CALL_OPTIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace chancery {

// Metadata sent with a call: gRPC keys (lower-case letters, digits, '-',
// '_', '.'; not starting with "grpc-"); a key ending in "-bin" takes any
// bytes, the others printable ASCII.
using Metadata = std::vector<std::pair<std::string, std::string>>;

struct CallOptions {
  // The call fails with DEADLINE_EXCEEDED at `deadline` or `timeout` after
  // it starts, whichever comes first. Neither set: no deadline.
  absl::Time deadline = absl::InfiniteFuture();
  absl::Duration timeout = absl::InfiniteDuration();
  Metadata metadata;
  // Wait while the server cannot be reached (until the deadline), rather
  // than failing with UNAVAILABLE at once.
  bool wait_for_ready = false;
};

}  // namespace chancery

#endif  // CHANCERY_CLIENT_CALL_OPTIONS_H_
