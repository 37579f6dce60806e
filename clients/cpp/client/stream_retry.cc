#include "stream_retry.h"

#include "absl/strings/str_cat.h"

namespace chancery::internal {

Result<void> CheckBackoff(const char* options, absl::Duration min_backoff,
                          absl::Duration max_backoff) {
  if (min_backoff > absl::ZeroDuration() && max_backoff >= min_backoff) return {};
  return Error(grpc::StatusCode::INVALID_ARGUMENT,
               absl::StrCat(options, ": backoffs must satisfy 0 < min_backoff <= max_backoff"));
}

}  // namespace chancery::internal
