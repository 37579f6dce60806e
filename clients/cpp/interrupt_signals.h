// Ending a command that runs until interrupted cleanly: SIGINT and SIGTERM
// are held back and waited for, instead of killing the process where it
// stands.

#ifndef CHANCERY_CLIENTS_CPP_INTERRUPT_SIGNALS_H_
#define CHANCERY_CLIENTS_CPP_INTERRUPT_SIGNALS_H_

#include <signal.h>

#include "absl/synchronization/notification.h"

namespace chancery::cli {

class InterruptSignals {
 public:
  // Blocks SIGINT and SIGTERM in this thread and so in the threads it
  // starts afterwards: make it before the first connection, whose threads
  // would otherwise take the signal.
  InterruptSignals();
  ~InterruptSignals();  // Unblocks them.
  InterruptSignals(const InterruptSignals&) = delete;
  InterruptSignals& operator=(const InterruptSignals&) = delete;

  // WaitUntil waits until SIGINT or SIGTERM comes (true) or `done` is
  // notified (false).
  bool WaitUntil(const absl::Notification& done) const;

 private:
  sigset_t signals_;
  sigset_t previous_;
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_INTERRUPT_SIGNALS_H_
