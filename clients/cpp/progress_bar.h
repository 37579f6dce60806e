// A progress bar on stderr for a long import, drawn only on a terminal.

#ifndef CHANCERY_CLIENTS_CPP_PROGRESS_BAR_H_
#define CHANCERY_CLIENTS_CPP_PROGRESS_BAR_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "absl/time/time.h"

namespace chancery::cli {

class ProgressBar {
 public:
  // `total_bytes` is the file's size, 0 when unknown (a pipe). The bar is
  // drawn only when `enabled` (stderr is a terminal).
  ProgressBar(uint64_t total_bytes, bool enabled);
  // Update redraws the bar at most ten times a second. It calls `count_rows`
  // only when it draws: the count may take a lock, and most updates draw
  // nothing.
  void Update(uint64_t bytes_read, absl::FunctionRef<uint64_t()> count_rows);
  // Clear wipes the bar's line.
  void Clear();

 private:
  const uint64_t total_bytes_;
  const bool enabled_;
  const absl::Time start_;
  absl::Time last_draw_ = absl::InfinitePast();
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_PROGRESS_BAR_H_
