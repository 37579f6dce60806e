#include "eventstore/copy_log.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "eventstore/postgresql/log_copy.h"

namespace chancery::eventstore {

absl::StatusOr<CopyResult> CopyLog(EventStore& source, absl::string_view destination_uri,
                                   const std::function<void(uint64_t head)>& progress) {
  if (!absl::StartsWith(destination_uri, "postgresql://") &&
      !absl::StartsWith(destination_uri, "postgres://")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cannot copy a log into \"", destination_uri,
        "\": the destination must be a PostgreSQL database (postgresql://USER@HOST:PORT/DB)"));
  }
  return postgresql::CopyLog(source, std::string(destination_uri), progress);
}

}  // namespace chancery::eventstore
