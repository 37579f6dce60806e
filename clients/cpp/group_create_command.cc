// chancery group create: a subscription group, with its source and filter.

#include <cstdint>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "chancery/v1/subscription_group_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/group_display.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/unary_call.h"

namespace chancery::cli {
namespace {

std::vector<std::string> UpperValues(const ParsedArgs& args, absl::string_view flag) {
  std::vector<std::string> values = args.Values(flag);
  for (std::string& value : values) absl::AsciiStrToUpper(&value);
  return values;
}

// ReadFilter sets the filter of `group` (its source set) from --actor, --dyad,
// --cameo and --structural-only; no flag leaves it unset (everything).
absl::Status ReadFilter(const ParsedArgs& args, v1::SubscriptionGroup& group) {
  const std::vector<std::string> actors = UpperValues(args, "actor");
  const std::vector<std::string> dyads = UpperValues(args, "dyad");
  if (group.source() == v1::GROUP_SOURCE_LOG) {
    if (args.Has("structural-only")) {
      return absl::InvalidArgumentError("--structural-only goes with --source changes");
    }
    if (actors.empty() && dyads.empty() && !args.Has("cameo")) return absl::OkStatus();
    v1::LogFilter& filter = *group.mutable_log_filter();
    filter.mutable_actor_codes()->Add(actors.begin(), actors.end());
    filter.mutable_streams()->Add(dyads.begin(), dyads.end());
    for (const std::string& prefix : args.Values("cameo")) filter.add_cameo_code_prefixes(prefix);
    return absl::OkStatus();
  }
  if (args.Has("cameo")) return absl::InvalidArgumentError("--cameo goes with --source log");
  if (actors.empty() && dyads.empty() && !args.Has("structural-only")) return absl::OkStatus();
  v1::RelationshipChangeFilter& filter = *group.mutable_change_filter();
  filter.mutable_actor_codes()->Add(actors.begin(), actors.end());
  filter.mutable_dyads()->Add(dyads.begin(), dyads.end());
  filter.set_structural_only(args.Has("structural-only"));
  return absl::OkStatus();
}

absl::StatusOr<uint32_t> ParseSmallCount(absl::string_view flag, absl::string_view text) {
  absl::StatusOr<uint64_t> count = ParseCountFlag(flag, text);
  if (!count.ok()) return count.status();
  if (*count > std::numeric_limits<uint32_t>::max()) {
    return absl::InvalidArgumentError(absl::StrCat(flag, "=", text, " is too large"));
  }
  return static_cast<uint32_t>(*count);
}

// ReadCreateRequest builds the request from the arguments.
absl::StatusOr<v1::CreateGroupRequest> ReadCreateRequest(const ParsedArgs& args) {
  v1::CreateGroupRequest request;
  v1::SubscriptionGroup& group = *request.mutable_group();
  group.set_name(args.positionals()[0]);
  const std::string source = args.Value("source", "log");
  if (source == "log") {
    group.set_source(v1::GROUP_SOURCE_LOG);
  } else if (source == "changes") {
    group.set_source(v1::GROUP_SOURCE_RELATIONSHIP_CHANGES);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--source=", source, " is not one of: log, changes"));
  }
  if (absl::Status filter = ReadFilter(args, group); !filter.ok()) return filter;
  if (args.Has("max-attempts")) {
    absl::StatusOr<uint32_t> attempts =
        ParseSmallCount("--max-attempts", args.Value("max-attempts"));
    if (!attempts.ok()) return attempts.status();
    group.set_max_attempts(*attempts);
  }
  if (args.Has("ack-timeout")) {
    absl::StatusOr<uint32_t> seconds = ParseSmallCount("--ack-timeout", args.Value("ack-timeout"));
    if (!seconds.ok()) return seconds.status();
    group.mutable_ack_timeout()->set_seconds(*seconds);
  }
  if (args.Has("from-position")) {
    absl::StatusOr<uint64_t> from = ParseCountFlag("--from-position", args.Value("from-position"));
    if (!from.ok()) return from.status();
    request.set_start_after_position(*from == 0 ? 0 : *from - 1);
  }
  return request;
}

int RunGroupCreate(const Context& context, const ParsedArgs& args) {
  absl::StatusOr<v1::CreateGroupRequest> request = ReadCreateRequest(args);
  if (!request.ok()) return ReportUsageError(request.status());
  return CallAndPrint(context, &Client::CreateGroup, *request,
                      [](const v1::CreateGroupResponse& response) {
                        const v1::SubscriptionGroup& group = response.group();
                        std::cout << (response.created() ? "created group " : "group ")
                                  << group.name() << " (" << SourceName(group.source()) << ": "
                                  << FilterText(group) << ")"
                                  << (response.created() ? "" : " exists already")
                                  << ", checkpoint " << group.checkpoint() << std::endl;
                      });
}

}  // namespace

Command GroupCreateCommand() {
  return {{"group create", "NAME [--source log|changes] [filter flags] [--from-position N]",
           "Creates a subscription group: a subscription whose progress the server keeps.\n"
           "Its consumers (group consume, or a client's group consumer) share its events, each\n"
           "stream's going to one consumer at a time. Creating the same group again changes\n"
           "nothing; another definition under its name is refused (ALREADY_EXISTS).",
           {{"source", true, "SOURCE log (records, the default) or changes (relationship changes)"},
            {"actor", true, "CODE only events or dyads with this actor (KHM); repeatable", true},
            {"dyad", true, "A-B only this dyad (KHM-USA, either order); repeatable", true},
            {"cameo", true, "PREFIX only events whose CAMEO code starts so (19); log; repeatable",
             true},
            {"structural-only", false,
             "only changes of status, representation or measures, not of score alone; changes"},
            {"max-attempts", true, "N deliveries of an event before it is parked: 1 to 100 "
                                   "(default 5)"},
            {"ack-timeout", true,
             "SECONDS how long a consumer may hold an event unacknowledged: 1 to 3600 "
             "(default 30)"},
            {"from-position", true,
             "N deliver the events from position N on (default: only events recorded from now)"}},
           1, 1},
          RunGroupCreate};
}

}  // namespace chancery::cli
