#include "services/chanceryd/protobuf_log.h"

#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/log.h"
#include "google/protobuf/stubs/logging.h"

namespace chancery::chanceryd {
namespace {

constexpr absl::Duration kInterval = absl::Minutes(1);

std::mutex log_mutex;
absl::Time last_line = absl::InfinitePast();  // Guarded by log_mutex.
long held_back = 0;                           // Guarded by log_mutex.

void Log(google::protobuf::LogLevel level, const char* filename, int line,
         const std::string& message) {
  if (level == google::protobuf::LOGLEVEL_FATAL) {
    log::Write(log::Level::kError,
               absl::StrFormat("chanceryd: libprotobuf FATAL %s:%d: %s", filename, line, message));
    return;
  }
  std::lock_guard<std::mutex> lock(log_mutex);
  const absl::Time now = absl::Now();
  if (now - last_line < kInterval) {
    ++held_back;
    return;
  }
  const std::string more =
      held_back > 0 ? absl::StrFormat(" (and %d more such lines in the last minute, not shown)",
                                      held_back)
                    : "";
  log::Write(log::Level::kWarning, absl::StrCat("chanceryd: libprotobuf: ", message, more));
  last_line = now;
  held_back = 0;
}

}  // namespace

void RateLimitProtobufLog() { google::protobuf::SetLogHandler(&Log); }

}  // namespace chancery::chanceryd
