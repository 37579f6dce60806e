// Serve: runs chanceryd until SIGTERM or SIGINT.

#ifndef CHANCERY_SERVICES_CHANCERYD_SERVE_H_
#define CHANCERY_SERVICES_CHANCERYD_SERVE_H_

#include "services/chanceryd/flags.h"

namespace chancery::chanceryd {

// Serve opens the store, listens, and serves until SIGTERM or SIGINT; then it
// stops accepting, ends subscriptions with UNAVAILABLE, finishes in-flight
// calls and appends, and returns 0. It returns 2 (with a one-line reason on
// stderr) when the store or the address is unusable, before listening.
// The caller must have blocked SIGTERM and SIGINT in every thread.
int Serve(const Flags& flags);

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_SERVE_H_
