#include "clients/cpp/group_display.h"

#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"

namespace chancery::cli {
namespace {

// "<label> A, B" when `values` has any.
template <typename Values>
void AddList(const char* label, const Values& values, std::vector<std::string>& parts) {
  if (values.empty()) return;
  parts.push_back(absl::StrCat(label, " ", absl::StrJoin(values, ", ")));
}

std::string DurationText(const google::protobuf::Duration& duration) {
  return absl::FormatDuration(absl::Seconds(duration.seconds()) +
                              absl::Nanoseconds(duration.nanos()));
}

std::string TimeText(const google::protobuf::Timestamp& time) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S UTC",
                          absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos()),
                          absl::UTCTimeZone());
}

// Parked events want looking at.
const char* ParkedColour(const v1::GroupState& state) {
  return state.parked_count() > 0 ? kYellow : nullptr;
}

}  // namespace

std::string SourceName(v1::GroupSource source) {
  switch (source) {
    case v1::GROUP_SOURCE_LOG:
      return "log";
    case v1::GROUP_SOURCE_RELATIONSHIP_CHANGES:
      return "changes";
    default:
      return "unknown";
  }
}

std::string FilterText(const v1::SubscriptionGroup& group) {
  std::vector<std::string> parts;
  const v1::LogFilter& log = group.log_filter();
  AddList("streams", log.streams(), parts);
  AddList("actors", log.actor_codes(), parts);
  AddList("CAMEO", log.cameo_code_prefixes(), parts);
  const v1::RelationshipChangeFilter& changes = group.change_filter();
  AddList("dyads", changes.dyads(), parts);
  AddList("actors", changes.actor_codes(), parts);
  if (changes.structural_only()) parts.push_back("structural changes only");
  return parts.empty() ? "everything" : absl::StrJoin(parts, "; ");
}

Table GroupTable() {
  return Table({"NAME", "SOURCE", "CHECKPOINT", "HEAD", "LAG", "CONSUMERS", "IN FLIGHT",
                "PARKED"});
}

void AddGroupRow(const v1::GetGroupResponse& group, Table& table) {
  const v1::GroupState& state = group.state();
  table.AddRow({group.group().name(), SourceName(group.group().source()),
                absl::StrCat(state.checkpoint()), absl::StrCat(state.head_position()),
                absl::StrCat(state.lag()), absl::StrCat(state.consumer_count()),
                absl::StrCat(state.in_flight_count()),
                {absl::StrCat(state.parked_count()), ParkedColour(state)}});
}

void PrintGroup(const v1::GetGroupResponse& response, bool colour) {
  const v1::SubscriptionGroup& group = response.group();
  const v1::GroupState& state = response.state();
  auto line = [](const std::string& label, const std::string& value) {
    std::cout << absl::StrFormat("%-14s%s\n", label, value);
  };
  std::cout << Paint(group.name(), kBold, colour) << "  created "
            << TimeText(group.create_time()) << "\n";
  line("source", SourceName(group.source()));
  line("filter", FilterText(group));
  line("max attempts", absl::StrCat(group.max_attempts()));
  line("ack timeout", DurationText(group.ack_timeout()));
  line("checkpoint", absl::StrCat(state.checkpoint()));
  line("head", absl::StrCat(state.head_position()));
  line("lag", absl::StrCat(state.lag()));
  line("consumers", absl::StrCat(state.consumer_count()));
  line("in flight", absl::StrCat(state.in_flight_count()));
  line("parked", Paint(absl::StrCat(state.parked_count()), ParkedColour(state), colour));
  std::cout.flush();
}

}  // namespace chancery::cli
