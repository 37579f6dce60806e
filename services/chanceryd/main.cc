// chanceryd: the Chancery gRPC server. See `chanceryd --help`.

#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "common/log.h"
#include "services/chanceryd/descriptor_limit.h"
#include "services/chanceryd/flags.h"
#include "services/chanceryd/protobuf_log.h"
#include "services/chanceryd/refuse_when_out_of_descriptors.h"
#include "services/chanceryd/serve.h"

int main(int argc, char** argv) {
  // Blocked before any thread starts, so only Serve's sigwait receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);  // Reloads certificates and tokens.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<chancery::chanceryd::Flags> flags =
      chancery::chanceryd::ParseFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!flags.ok()) {
    std::fprintf(stderr, "chanceryd: %s\n", std::string(flags.status().message()).c_str());
    return 2;
  }
  if (flags->help) {
    std::fputs(chancery::chanceryd::Usage().c_str(), stdout);
    return 0;
  }
  chancery::log::SetFormat(flags->log_format);
  chancery::chanceryd::RateLimitProtobufLog();
  chancery::chanceryd::RaiseDescriptorLimit();
  chancery::chanceryd::ReserveDescriptorForRefusals();
  return chancery::chanceryd::Serve(*flags);
}
