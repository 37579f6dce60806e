#include "clients/cpp/progress_bar.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace chancery::cli {

ProgressBar::ProgressBar(uint64_t total_bytes, bool enabled)
    : total_bytes_(total_bytes), enabled_(enabled), start_(absl::Now()) {}

void ProgressBar::Update(uint64_t bytes_read, absl::FunctionRef<uint64_t()> count_rows) {
  if (!enabled_) return;
  const absl::Time now = absl::Now();
  if (now - last_draw_ < absl::Milliseconds(100)) return;
  last_draw_ = now;
  const uint64_t rows = count_rows();
  const double seconds = std::max(1e-3, absl::ToDoubleSeconds(now - start_));
  const std::string rate = absl::StrFormat("%d rows, %.0f rows/s", rows, rows / seconds);
  if (total_bytes_ == 0) {
    std::fprintf(stderr, "\r\033[K%s", rate.c_str());
  } else {
    constexpr int kWidth = 30;
    const double fraction = std::min(1.0, static_cast<double>(bytes_read) / total_bytes_);
    const int filled = static_cast<int>(fraction * kWidth);
    std::fprintf(stderr, "\r\033[K[%s%s] %3.0f%%  %s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, '.').c_str(), fraction * 100, rate.c_str());
  }
  std::fflush(stderr);
}

void ProgressBar::Clear() {
  if (!enabled_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

}  // namespace chancery::cli
