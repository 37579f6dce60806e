#include "services/chanceryd/refuse_when_out_of_descriptors.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <mutex>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"

namespace chancery::chanceryd {
namespace {

constexpr absl::Duration kReportInterval = absl::Minutes(1);

using Accept4Function = int (*)(int, sockaddr*, socklen_t*, int);

// libc's accept4, which this file's accept4 hides.
Accept4Function LibcAccept4() {
  static const auto libc = reinterpret_cast<Accept4Function>(dlsym(RTLD_NEXT, "accept4"));
  return libc;
}

std::mutex reserve_mutex;
// /dev/null, closed to make room for accepting one connection to refuse.
int reserve = -1;                        // Guarded by reserve_mutex.
uint64_t refused_since_report = 0;       // Guarded by reserve_mutex.
absl::Time last_report = absl::InfinitePast();  // Guarded by reserve_mutex.

void OpenReserve() {  // Under reserve_mutex.
  if (reserve < 0) reserve = open("/dev/null", O_RDONLY | O_CLOEXEC);
}

// RefuseWaitingConnections accepts and closes every connection waiting on
// the non-blocking `listener`, one at a time in the reserve's place.
void RefuseWaitingConnections(int listener) {
  std::lock_guard<std::mutex> lock(reserve_mutex);
  for (;;) {
    if (reserve >= 0) {
      close(reserve);
      reserve = -1;
    }
    const int connection = LibcAccept4()(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection >= 0) {
      close(connection);
      ++refused_since_report;
    }
    OpenReserve();
    // None left waiting, or another thread took the freed descriptor.
    if (connection < 0) break;
  }
  const absl::Time now = absl::Now();
  if (refused_since_report > 0 && now - last_report >= kReportInterval) {
    log::Write(log::Level::kWarning,
               absl::StrFormat("chanceryd: out of file descriptors: refused %d connection(s); "
                               "raise the descriptor limit (LimitNOFILE) or lower the number "
                               "of clients",
                               refused_since_report));
    refused_since_report = 0;
    last_report = now;
  }
}

}  // namespace

void ReserveDescriptorForRefusals() {
  std::lock_guard<std::mutex> lock(reserve_mutex);
  OpenReserve();
}

}  // namespace chancery::chanceryd

extern "C" int accept4(int listener, sockaddr* address, socklen_t* length, int flags) {
  const int connection =
      chancery::chanceryd::LibcAccept4()(listener, address, length, flags);
  if (connection >= 0) return connection;
  const int error = errno;
  if (error == EMFILE || error == ENFILE) {
    // Draining needs a listener that says EAGAIN when none are left.
    if ((fcntl(listener, F_GETFL) & O_NONBLOCK) == 0) return connection;
    chancery::chanceryd::RefuseWaitingConnections(listener);
  } else if (error != ENOBUFS && error != ENOMEM) {
    errno = error;
    return connection;
  }
  // Out of descriptors or memory for now: as if no connection were waiting.
  errno = EAGAIN;
  return -1;
}
