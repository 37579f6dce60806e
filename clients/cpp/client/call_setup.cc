#include "call_setup.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace chancery::internal {
namespace {

Error BadOption(absl::string_view what) {
  return Error(grpc::StatusCode::INVALID_ARGUMENT, absl::StrCat("chancery::CallOptions: ", what));
}

bool IsKeyChar(char c) {
  return absl::ascii_isdigit(c) || (c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.';
}

}  // namespace

Result<void> CheckMetadata(const Metadata& metadata) {
  for (const auto& [key, value] : metadata) {
    if (key.empty() || !std::all_of(key.begin(), key.end(), IsKeyChar)) {
      return BadOption(absl::StrCat("metadata key \"", absl::CEscape(key),
                                    "\" is not lower-case letters, digits, '-', '_' and '.'"));
    }
    if (absl::StartsWith(key, "grpc-")) {
      return BadOption(absl::StrCat("metadata key \"", key, "\" is reserved to gRPC"));
    }
    const bool printable = std::all_of(value.begin(), value.end(),
                                       [](char c) { return c >= 0x20 && c <= 0x7e; });
    if (!printable && !absl::EndsWith(key, "-bin")) {
      return BadOption(absl::StrCat("metadata value of \"", key,
                                    "\" is not printable ASCII (binary values need a key ending in "
                                    "\"-bin\")"));
    }
  }
  return {};
}

Result<void> SetUp(const CallOptions& options, grpc::ClientContext& context) {
  if (options.timeout < absl::ZeroDuration()) return BadOption("timeout is negative");
  if (Result<void> checked = CheckMetadata(options.metadata); !checked.ok()) return checked;
  const absl::Time deadline = std::min(options.deadline, absl::Now() + options.timeout);
  if (deadline != absl::InfiniteFuture()) context.set_deadline(absl::ToChronoTime(deadline));
  for (const auto& [key, value] : options.metadata) context.AddMetadata(key, value);
  context.set_wait_for_ready(options.wait_for_ready);
  return {};
}

}  // namespace chancery::internal
