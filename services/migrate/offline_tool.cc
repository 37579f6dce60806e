#include "services/migrate/offline_tool.h"

#include <cstdio>

#include "absl/strings/match.h"

namespace chancery::offline {

std::optional<int> ParseFromTo(const Tool& tool, int argc, char** argv, FromTo& flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(tool.usage, stdout);
      return 0;
    }
    if (absl::StartsWith(arg, "--from=")) {
      flags.from = arg.substr(7);
    } else if (absl::StartsWith(arg, "--to=")) {
      flags.to = arg.substr(5);
    } else {
      std::fprintf(stderr, "%s: unexpected argument \"%s\"\n%s", tool.name, arg.c_str(),
                   tool.usage);
      return 2;
    }
  }
  if (flags.from.empty() || flags.to.empty()) {
    std::fprintf(stderr, "%s: both --from and --to are needed\n%s", tool.name, tool.usage);
    return 2;
  }
  return std::nullopt;
}

int Fail(const Tool& tool, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", tool.name, std::string(status.message()).c_str());
  if (status.code() == absl::StatusCode::kUnavailable) return 3;
  if (status.code() == absl::StatusCode::kInvalidArgument ||
      status.code() == absl::StatusCode::kFailedPrecondition) {
    return 2;
  }
  return 1;
}

}  // namespace chancery::offline
