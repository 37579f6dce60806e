#include "clients/cpp/interrupt_signals.h"

#include <pthread.h>
#include <time.h>

namespace chancery::cli {

InterruptSignals::InterruptSignals() {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, &previous_);
}

InterruptSignals::~InterruptSignals() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

bool InterruptSignals::WaitUntil(const absl::Notification& done) const {
  // Looks at `done` ten times a second between waits for a signal.
  const timespec tick = {0, 100 * 1000 * 1000};
  while (!done.HasBeenNotified()) {
    if (sigtimedwait(&signals_, nullptr, &tick) > 0) return true;
  }
  return false;
}

}  // namespace chancery::cli
