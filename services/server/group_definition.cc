#include "services/server/group_definition.h"

#include <algorithm>
#include <regex>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/time_util.h"
#include "services/domain/url.h"
#include "services/server/alert_conditions.h"
#include "services/server/change_filter_validation.h"
#include "services/server/log_filter_validation.h"

namespace chancery::server {
namespace {

constexpr size_t kMaxNameLength = 64;
constexpr uint32_t kMaxAttempts = 100;
constexpr absl::Duration kMinAckTimeout = absl::Seconds(1);
constexpr absl::Duration kMaxAckTimeout = absl::Hours(1);
constexpr size_t kMinSecret = 16;
constexpr size_t kMaxSecret = 256;

bool NameCharacter(char c) {
  return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '_' || c == '-';
}

absl::Duration ToDuration(const google::protobuf::Duration& duration) {
  return absl::Seconds(duration.seconds()) + absl::Nanoseconds(duration.nanos());
}

}  // namespace

void CheckGroupName(const std::string& name, const std::string& field,
                    domain::Violations& bad_request) {
  bool valid = !name.empty() && name.size() <= kMaxNameLength &&
               (absl::ascii_islower(name[0]) || absl::ascii_isdigit(name[0]));
  for (char c : name) valid = valid && NameCharacter(c);
  if (!valid) {
    bad_request.Add(field, absl::StrCat(domain::Shown(name),
                                        " is not a group name: 1 to 64 characters of a-z, 0-9, "
                                        "'.', '_' and '-', starting with a letter or digit"));
  }
}

namespace {

void CheckWebhook(const v1::Webhook& webhook, const GroupRules& rules,
                  domain::Violations& bad_request) {
  const std::string& url = webhook.url();
  if (absl::Status syntax = domain::CheckHttpUrl(url); !syntax.ok()) {
    bad_request.Add("group.webhook.url", std::string(syntax.message()));
  } else if (!absl::StartsWithIgnoreCase(url, "https://")) {
    const bool local = std::regex_match(
        url, std::regex("http://(localhost|127\\.0\\.0\\.1)([:/?#].*)?", std::regex::icase));
    if (!local || !rules.allow_http_webhooks_to_localhost) {
      bad_request.Add("group.webhook.url",
                      absl::StrCat(domain::Shown(url),
                                   " is not https; plain http is allowed only to localhost or "
                                   "127.0.0.1, when chanceryd runs with "
                                   "--allow-http-webhooks-to-localhost"));
    }
  }
  if (webhook.secret().size() < kMinSecret || webhook.secret().size() > kMaxSecret) {
    bad_request.Add("group.webhook.secret",
                    absl::StrCat(webhook.secret().size(), " bytes; the HMAC key must be ",
                                 kMinSecret, " to ", kMaxSecret, " bytes"));
  }
}

}  // namespace

v1::SubscriptionGroup NormalizeGroup(const v1::SubscriptionGroup& group, const GroupRules& rules,
                                     domain::Violations& bad_request) {
  v1::SubscriptionGroup normal = group;
  normal.clear_checkpoint();
  normal.clear_create_time();
  CheckGroupName(group.name(), "group.name", bad_request);
  switch (group.source()) {
    case v1::GROUP_SOURCE_LOG:
      if (group.has_change_filter()) {
        bad_request.Add("group.change_filter",
                        "is for GROUP_SOURCE_RELATIONSHIP_CHANGES; a log group takes log_filter");
      }
      *normal.mutable_log_filter() =
          ValidateLogFilter(group.log_filter(), "group.log_filter", bad_request);
      break;
    case v1::GROUP_SOURCE_RELATIONSHIP_CHANGES: {
      if (group.has_log_filter()) {
        bad_request.Add("group.log_filter",
                        "is for GROUP_SOURCE_LOG; a changes group takes change_filter");
      }
      const v1::RelationshipChangeFilter& filter = group.change_filter();
      ChangeFilter canonical = ValidateChangeFilter(filter.dyads(), filter.actor_codes(),
                                                    "group.change_filter.", bad_request);
      // Canonical dyads, and both lists sorted, so the same filter always
      // stores the same bytes.
      v1::RelationshipChangeFilter* out = normal.mutable_change_filter();
      out->clear_dyads();
      out->clear_actor_codes();
      std::vector<std::string> dyads(canonical.dyads.begin(), canonical.dyads.end());
      std::vector<std::string> codes(canonical.actor_codes.begin(), canonical.actor_codes.end());
      std::sort(dyads.begin(), dyads.end());
      std::sort(codes.begin(), codes.end());
      for (std::string& dyad : dyads) out->add_dyads(std::move(dyad));
      for (std::string& code : codes) out->add_actor_codes(std::move(code));
      break;
    }
    default:
      bad_request.Add("group.source",
                      "is required: GROUP_SOURCE_LOG or GROUP_SOURCE_RELATIONSHIP_CHANGES");
  }
  if (!group.conditions().empty() && group.source() != v1::GROUP_SOURCE_RELATIONSHIP_CHANGES) {
    bad_request.Add("group.conditions",
                    "are for GROUP_SOURCE_RELATIONSHIP_CHANGES: alerts are on relationships");
  }
  CheckAlertConditions(group.conditions(), "group.conditions", bad_request);
  if (group.has_webhook()) CheckWebhook(group.webhook(), rules, bad_request);
  if (group.max_attempts() > kMaxAttempts) {
    bad_request.Add("group.max_attempts",
                    absl::StrCat(group.max_attempts(), " is not 1 to ", kMaxAttempts,
                                 " (0 means ", kDefaultMaxAttempts, ")"));
  }
  if (group.max_attempts() == 0) normal.set_max_attempts(kDefaultMaxAttempts);
  if (group.has_ack_timeout()) {
    const absl::Duration timeout = ToDuration(group.ack_timeout());
    if (timeout < kMinAckTimeout || timeout > kMaxAckTimeout) {
      bad_request.Add("group.ack_timeout",
                      absl::StrCat(absl::FormatDuration(timeout),
                                   " is not 1 second to 1 hour (unset means 30 seconds)"));
    }
  } else {
    normal.mutable_ack_timeout()->set_seconds(absl::ToInt64Seconds(kDefaultAckTimeout));
  }
  return normal;
}

v1::SubscriptionGroup ForDisplay(v1::SubscriptionGroup group) {
  if (group.has_webhook()) group.mutable_webhook()->clear_secret();
  return group;
}

absl::Duration AckTimeoutOf(const v1::SubscriptionGroup& group) {
  return ToDuration(group.ack_timeout());
}

eventstore::StoredGroup ToStored(const v1::SubscriptionGroup& normalized, uint64_t checkpoint,
                                 absl::Time created) {
  eventstore::StoredGroup stored;
  stored.name = normalized.name();
  // Deterministic, so that creating the same group again compares equal.
  {
    google::protobuf::io::StringOutputStream output(&stored.definition);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    normalized.SerializeToCodedStream(&coded);
  }
  stored.checkpoint = checkpoint;
  stored.created = created;
  return stored;
}

absl::StatusOr<v1::SubscriptionGroup> FromStored(const eventstore::StoredGroup& stored) {
  v1::SubscriptionGroup group;
  if (!group.ParseFromString(stored.definition)) {
    return absl::DataLossError(
        absl::StrCat("subscription group \"", stored.name, "\": its stored definition is corrupt"));
  }
  group.set_checkpoint(stored.checkpoint);
  *group.mutable_create_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(stored.created));
  return group;
}

}  // namespace chancery::server
