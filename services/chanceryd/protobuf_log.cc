#include "services/chanceryd/protobuf_log.h"

#include <cstdio>
#include <mutex>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
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
    std::fprintf(stderr, "chanceryd: libprotobuf FATAL %s:%d: %s\n", filename, line,
                 message.c_str());
    return;
  }
  std::lock_guard<std::mutex> lock(log_mutex);
  const absl::Time now = absl::Now();
  if (now - last_line < kInterval) {
    ++held_back;
    return;
  }
  std::fprintf(stderr, "chanceryd: libprotobuf: %s%s\n", message.c_str(),
               held_back > 0 ? (" (and " + std::to_string(held_back) +
                                " more such lines in the last minute, not shown)")
                                   .c_str()
                             : "");
  last_line = now;
  held_back = 0;
}

}  // namespace

void RateLimitProtobufLog() { google::protobuf::SetLogHandler(&Log); }

}  // namespace chancery::chanceryd
