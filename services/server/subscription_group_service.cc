#include "services/server/subscription_group_service.h"

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/util/time_util.h"
#include "services/server/consume_group_reactor.h"
#include "services/server/group_definition.h"
#include "services/server/request_checks.h"
#include "services/server/rpc_status.h"
#include "services/server/unary_on_executor.h"

namespace chancery::server {
namespace {

using google::protobuf::util::TimeUtil;

constexpr int kMaxReplayPositions = 1000;
// Parked events read to check a replay's positions.
constexpr size_t kMaxParkedChecked = 100000;

// A stream refused before it starts, which only finishes.
class RefusedConsumer final
    : public grpc::ServerBidiReactor<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse> {
 public:
  explicit RefusedConsumer(grpc::Status status) { Finish(std::move(status)); }
  void OnDone() override { delete this; }
};

// CheckName returns the violations of a request's group name.
domain::Violations CheckName(const std::string& name) {
  domain::Violations bad_request;
  CheckGroupName(name, "name", bad_request);
  return bad_request;
}

// PositionRecordedBefore is the last position recorded before `time` (0 if
// none): a binary search over the log, whose recorded times ascend.
absl::StatusOr<uint64_t> PositionRecordedBefore(eventstore::EventStore& store, absl::Time time,
                                                uint64_t head) {
  uint64_t low = 0;  // Recorded before `time` (or the start).
  uint64_t high = head + 1;  // Recorded at or after it (or past the head).
  while (high - low > 1) {
    const uint64_t middle = low + (high - low) / 2;
    absl::StatusOr<std::vector<eventstore::RecordedEvent>> event =
        store.ReadLog({middle, "", {}, 1});
    if (!event.ok()) return event.status();
    if (event->empty()) return absl::DataLossError(absl::StrCat("no position ", middle));
    if (absl::FromUnixMicros(event->front().recorded_time_us) < time) {
      low = middle;
    } else {
      high = middle;
    }
  }
  return low;
}

}  // namespace

grpc::ServerUnaryReactor* SubscriptionGroupService::CreateGroup(
    grpc::CallbackServerContext* context, const v1::CreateGroupRequest* request,
    v1::CreateGroupResponse* response) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, request, response] { return DoCreate(*request, *response); });
}

grpc::Status SubscriptionGroupService::DoCreate(const v1::CreateGroupRequest& request,
                                                v1::CreateGroupResponse& response) {
  domain::Violations bad_request;
  const v1::SubscriptionGroup group = NormalizeGroup(request.group(), rules_, bad_request);
  absl::StatusOr<uint64_t> head = store().HeadPosition();
  if (!head.ok()) return RpcStatus(head.status());
  if (request.has_start_after_position() && request.start_after_position() > *head) {
    bad_request.Add("start_after_position",
                    absl::StrCat(request.start_after_position(),
                                 " is past the head of the log, position ", *head));
  }
  if (!bad_request.empty()) return RpcStatus(bad_request);
  const uint64_t start =
      request.has_start_after_position() ? request.start_after_position() : *head;
  const eventstore::StoredGroup wanted = ToStored(group, start, absl::Now());
  absl::StatusOr<std::pair<eventstore::StoredGroup, bool>> created =
      store().Groups().Create(wanted);
  if (!created.ok()) return RpcStatus(created.status());
  const auto& [stored, is_new] = *created;
  if (!is_new && stored.definition != wanted.definition) {
    return RpcStatus(absl::AlreadyExistsError(
        absl::StrCat("a subscription group named \"", group.name(),
                     "\" exists with another definition; delete it first, or use another name")));
  }
  absl::StatusOr<v1::SubscriptionGroup> shown = FromStored(stored);
  if (!shown.ok()) return RpcStatus(shown.status());
  if (shown->has_webhook()) StartWebhook(*shown);
  *response.mutable_group() = ForDisplay(*std::move(shown));
  response.set_created(is_new);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SubscriptionGroupService::GetGroup(grpc::CallbackServerContext* context,
                                                             const v1::GetGroupRequest* request,
                                                             v1::GetGroupResponse* response) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, request, response] { return DoGet(request->name(), *response); });
}

grpc::Status SubscriptionGroupService::DoGet(const std::string& name,
                                             v1::GetGroupResponse& response) {
  if (domain::Violations bad = CheckName(name); !bad.empty()) return RpcStatus(bad);
  absl::StatusOr<eventstore::StoredGroup> stored = store().Groups().Get(name);
  if (!stored.ok()) return RpcStatus(stored.status());
  absl::StatusOr<uint64_t> head = store().HeadPosition();
  if (!head.ok()) return RpcStatus(head.status());
  return Describe(*stored, *head, response);
}

grpc::Status SubscriptionGroupService::Describe(const eventstore::StoredGroup& stored,
                                                uint64_t head, v1::GetGroupResponse& response) {
  absl::StatusOr<v1::SubscriptionGroup> group = FromStored(stored);
  if (!group.ok()) return RpcStatus(group.status());
  absl::StatusOr<uint64_t> parked = store().Groups().CountParked(stored.name);
  if (!parked.ok()) return RpcStatus(parked.status());
  const GroupActivity activity = registry_.Activity(stored.name, stored.checkpoint);
  // The dispatcher's checkpoint is newer than the stored one by what it has
  // not saved yet.
  group->set_checkpoint(activity.checkpoint);
  *response.mutable_group() = ForDisplay(*std::move(group));
  v1::GroupState* state = response.mutable_state();
  state->set_checkpoint(activity.checkpoint);
  state->set_head_position(head);
  state->set_lag(head > activity.checkpoint ? head - activity.checkpoint : 0);
  state->set_consumer_count(activity.consumers);
  state->set_in_flight_count(activity.in_flight);
  state->set_parked_count(*parked);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SubscriptionGroupService::ListGroups(
    grpc::CallbackServerContext* context, const v1::ListGroupsRequest* /*request*/,
    v1::ListGroupsResponse* response) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, response] { return DoList(*response); });
}

grpc::Status SubscriptionGroupService::DoList(v1::ListGroupsResponse& response) {
  absl::StatusOr<std::vector<eventstore::StoredGroup>> groups = store().Groups().List();
  if (!groups.ok()) return RpcStatus(groups.status());
  absl::StatusOr<uint64_t> head = store().HeadPosition();
  if (!head.ok()) return RpcStatus(head.status());
  for (const eventstore::StoredGroup& stored : *groups) {
    if (grpc::Status described = Describe(stored, *head, *response.add_groups());
        !described.ok()) {
      return described;
    }
  }
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SubscriptionGroupService::ResetGroup(
    grpc::CallbackServerContext* context, const v1::ResetGroupRequest* request,
    v1::ResetGroupResponse* response) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, request, response] { return DoReset(*request, *response); });
}

grpc::Status SubscriptionGroupService::DoReset(const v1::ResetGroupRequest& request,
                                               v1::ResetGroupResponse& response) {
  domain::Violations bad_request = CheckName(request.name());
  absl::StatusOr<uint64_t> head = store().HeadPosition();
  if (!head.ok()) return RpcStatus(head.status());
  uint64_t checkpoint = 0;
  switch (request.target_case()) {
    case v1::ResetGroupRequest::kAfterPosition:
      checkpoint = request.after_position();
      if (checkpoint > *head) {
        bad_request.Add("after_position", absl::StrCat(checkpoint,
                                                       " is past the head of the log, position ",
                                                       *head));
      }
      break;
    case v1::ResetGroupRequest::kRecordedSince: {
      const google::protobuf::Timestamp& time = request.recorded_since();
      if (time.seconds() < TimeUtil::kTimestampMinSeconds ||
          time.seconds() > TimeUtil::kTimestampMaxSeconds || time.nanos() < 0 ||
          time.nanos() > 999999999) {
        bad_request.Add("recorded_since", "is not a Timestamp from 0001-01-01 to 9999-12-31");
        break;
      }
      const absl::Time since = absl::FromUnixMicros(
          TimeUtil::TimestampToMicroseconds(request.recorded_since()));
      absl::StatusOr<uint64_t> before = PositionRecordedBefore(store(), since, *head);
      if (!before.ok()) return RpcStatus(before.status());
      checkpoint = *before;
      break;
    }
    default:
      bad_request.Add("after_position",
                      "set after_position or recorded_since: where the group starts again");
  }
  if (!bad_request.empty()) return RpcStatus(bad_request);
  if (absl::Status reset = registry_.Reset(request.name(), checkpoint); !reset.ok()) {
    return RpcStatus(reset);
  }
  absl::StatusOr<eventstore::StoredGroup> stored = store().Groups().Get(request.name());
  if (!stored.ok()) return RpcStatus(stored.status());
  absl::StatusOr<v1::SubscriptionGroup> group = FromStored(*stored);
  if (!group.ok()) return RpcStatus(group.status());
  *response.mutable_group() = ForDisplay(*std::move(group));
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SubscriptionGroupService::DeleteGroup(
    grpc::CallbackServerContext* context, const v1::DeleteGroupRequest* request,
    v1::DeleteGroupResponse* /*response*/) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, request] { return DoDelete(*request); });
}

grpc::Status SubscriptionGroupService::DoDelete(const v1::DeleteGroupRequest& request) {
  if (domain::Violations bad = CheckName(request.name()); !bad.empty()) return RpcStatus(bad);
  if (absl::Status deleted = store().Groups().Delete(request.name()); !deleted.ok()) {
    return RpcStatus(deleted);
  }
  registry_.Deleted(request.name());
  std::unique_ptr<WebhookConsumer> webhook;
  {
    absl::MutexLock lock(&webhooks_mutex_);
    if (auto found = webhooks_.find(request.name()); found != webhooks_.end()) {
      webhook = std::move(found->second);
      webhooks_.erase(found);
    }
  }
  // Stopped outside the lock: a post under way gives up first.
  if (webhook != nullptr) webhook->Stop();
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SubscriptionGroupService::ListParkedEvents(
    grpc::CallbackServerContext* context, const v1::ListParkedEventsRequest* request,
    v1::ListParkedEventsResponse* response) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, request, response] { return DoListParked(*request, *response); });
}

grpc::Status SubscriptionGroupService::DoListParked(const v1::ListParkedEventsRequest& request,
                                                    v1::ListParkedEventsResponse& response) {
  domain::Violations bad_request = CheckName(request.name());
  const int32_t page_size = CheckPageSize(request.page_size(), bad_request);
  // The token is the last position listed: parked events are not secret
  // and listing resumes after any position.
  uint64_t after = 0;
  if (!request.page_token().empty() && !absl::SimpleAtoi(request.page_token(), &after)) {
    bad_request.Add("page_token", "is not a next_page_token of ListParkedEvents");
  }
  if (!bad_request.empty()) return RpcStatus(bad_request);
  absl::StatusOr<std::vector<eventstore::ParkedEvent>> parked =
      store().Groups().ListParked(request.name(), after, static_cast<size_t>(page_size) + 1);
  if (!parked.ok()) return RpcStatus(parked.status());
  const bool more = parked->size() > static_cast<size_t>(page_size);
  if (more) parked->resize(page_size);
  for (const eventstore::ParkedEvent& event : *parked) {
    v1::ParkedEvent* shown = response.add_events();
    shown->set_position(event.position);
    shown->set_stream(event.stream);
    shown->set_attempts(event.attempts);
    shown->set_last_error(event.last_error);
    *shown->mutable_park_time() =
        TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(event.parked_at));
    shown->set_replaying(event.replaying);
  }
  if (more) response.set_next_page_token(absl::StrCat(parked->back().position));
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* SubscriptionGroupService::ReplayParkedEvents(
    grpc::CallbackServerContext* context, const v1::ReplayParkedEventsRequest* request,
    v1::ReplayParkedEventsResponse* response) {
  return AnswerOnExecutor(context, *limits_, *registry_.context().executor,
                          [this, request, response] { return DoReplay(*request, *response); });
}

grpc::Status SubscriptionGroupService::DoReplay(const v1::ReplayParkedEventsRequest& request,
                                                v1::ReplayParkedEventsResponse& response) {
  domain::Violations bad_request = CheckName(request.name());
  if (request.positions_size() > kMaxReplayPositions) {
    bad_request.Add("positions",
                    absl::StrCat(request.positions_size(), " positions; at most 1,000"));
  }
  if (!bad_request.empty()) return RpcStatus(bad_request);
  absl::StatusOr<std::vector<eventstore::ParkedEvent>> parked =
      store().Groups().ListParked(request.name(), 0, kMaxParkedChecked);
  if (!parked.ok()) return RpcStatus(parked.status());
  for (int i = 0; i < request.positions_size(); ++i) {
    const uint64_t position = request.positions(i);
    const bool found = std::binary_search(
        parked->begin(), parked->end(), eventstore::ParkedEvent{position},
        [](const eventstore::ParkedEvent& a, const eventstore::ParkedEvent& b) {
          return a.position < b.position;
        });
    if (!found) {
      bad_request.Add(absl::StrCat("positions[", i, "]"),
                      absl::StrCat(position, " is not parked in this group"));
    }
  }
  if (!bad_request.empty()) return RpcStatus(bad_request);
  const std::vector<uint64_t> positions(request.positions().begin(), request.positions().end());
  absl::StatusOr<std::vector<eventstore::ParkedEvent>> marked =
      store().Groups().MarkReplaying(request.name(), positions);
  if (!marked.ok()) return RpcStatus(marked.status());
  if (absl::Status replayed = registry_.Replayed(request.name()); !replayed.ok()) {
    return RpcStatus(replayed);
  }
  response.set_replayed_count(static_cast<uint32_t>(marked->size()));
  return grpc::Status::OK;
}

absl::Status SubscriptionGroupService::StartWebhooks() {
  absl::StatusOr<std::vector<eventstore::StoredGroup>> groups = store().Groups().List();
  if (!groups.ok()) return groups.status();
  for (const eventstore::StoredGroup& stored : *groups) {
    absl::StatusOr<v1::SubscriptionGroup> group = FromStored(stored);
    if (!group.ok()) return group.status();
    if (group->has_webhook()) StartWebhook(*group);
  }
  return absl::OkStatus();
}

void SubscriptionGroupService::StartWebhook(const v1::SubscriptionGroup& group) {
  absl::MutexLock lock(&webhooks_mutex_);
  std::unique_ptr<WebhookConsumer>& running = webhooks_[group.name()];
  // One whose group was deleted (and perhaps created again) has ended.
  if (running != nullptr && !running->finished()) return;
  running = std::make_unique<WebhookConsumer>(&registry_, group.name(), group.webhook());
}

void SubscriptionGroupService::Shutdown() {
  absl::flat_hash_map<std::string, std::unique_ptr<WebhookConsumer>> webhooks;
  {
    absl::MutexLock lock(&webhooks_mutex_);
    webhooks.swap(webhooks_);
  }
  webhooks.clear();  // Each stops: leaves its group, its post under way given up.
  registry_.StopAll();
}

grpc::ServerBidiReactor<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>*
SubscriptionGroupService::ConsumeGroup(grpc::CallbackServerContext* context) {
  StreamSlot slot;
  if (grpc::Status refused = limits_->OpenStream(*context, &slot); !refused.ok()) {
    return new RefusedConsumer(std::move(refused));
  }
  return new ConsumeGroupReactor(&registry_, std::move(slot));
}

}  // namespace chancery::server
