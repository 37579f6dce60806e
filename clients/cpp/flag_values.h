// Reading the values of command-line flags and arguments.

#ifndef CHANCERY_CLIENTS_CPP_FLAG_VALUES_H_
#define CHANCERY_CLIENTS_CPP_FLAG_VALUES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/cpp/command_line.h"
#include "google/type/date.pb.h"

namespace chancery::cli {

// ParseDateFlag reads `text` as a calendar date YYYY-MM-DD; `flag` names the
// flag in the error ("--as-of").
absl::StatusOr<google::type::Date> ParseDateFlag(absl::string_view flag, absl::string_view text);

// ParseCountFlag reads a non-negative integer.
absl::StatusOr<uint64_t> ParseCountFlag(absl::string_view flag, absl::string_view text);

// DyadName joins two actor codes as a dyad for the server ("USA", "khm" ->
// "USA-KHM"); the server checks and orders them.
std::string DyadName(absl::string_view a, absl::string_view b);

// ReadDateRange sets `request`'s start_date and end_date from --from and
// --to when given (GetTimelineRequest, ReplayRelationshipRequest).
template <typename Request>
absl::Status ReadDateRange(const ParsedArgs& args, Request& request) {
  if (args.Has("from")) {
    absl::StatusOr<google::type::Date> date = ParseDateFlag("--from", args.Value("from"));
    if (!date.ok()) return date.status();
    *request.mutable_start_date() = *date;
  }
  if (args.Has("to")) {
    absl::StatusOr<google::type::Date> date = ParseDateFlag("--to", args.Value("to"));
    if (!date.ok()) return date.status();
    *request.mutable_end_date() = *date;
  }
  return absl::OkStatus();
}

// ReadQueryPoint sets `request`'s as_of_date and known_at from --as-of and
// --known-at when given (GetRelationshipRequest, ListRelationshipsRequest).
template <typename Request>
absl::Status ReadQueryPoint(const ParsedArgs& args, Request& request) {
  if (args.Has("as-of")) {
    absl::StatusOr<google::type::Date> date = ParseDateFlag("--as-of", args.Value("as-of"));
    if (!date.ok()) return date.status();
    *request.mutable_as_of_date() = *date;
  }
  if (args.Has("known-at")) {
    absl::StatusOr<uint64_t> position = ParseCountFlag("--known-at", args.Value("known-at"));
    if (!position.ok()) return position.status();
    request.mutable_known_at()->set_position(*position);
  }
  return absl::OkStatus();
}

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_FLAG_VALUES_H_
