#include "services/server/group_registry.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "eventstore/group_store_rules.h"
#include "services/server/group_definition.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

namespace {

absl::Status ByWebhookOnly(const std::string& name) {
  return absl::FailedPreconditionError(
      absl::StrCat("subscription group \"", name,
                   "\" delivers by webhook: the server consumes it, and no one may join it"));
}

}  // namespace

absl::StatusOr<std::shared_ptr<GroupDispatcher>> GroupRegistry::Join(const std::string& name,
                                                                     GroupConsumer* consumer,
                                                                     uint32_t max_in_flight,
                                                                     bool by_webhook) {
  absl::MutexLock lock(&mutex_);
  if (auto served = served_.find(name); served != served_.end()) {
    if (served->second->delivers_by_webhook() != by_webhook) return ByWebhookOnly(name);
    served->second->Join(consumer, max_in_flight);
    return served->second;
  }
  eventstore::GroupStore& groups = context_.store->Groups();
  ASSIGN_OR_RETURN(eventstore::StoredGroup stored, groups.Get(name));
  ASSIGN_OR_RETURN(v1::SubscriptionGroup group, FromStored(stored));
  if (group.has_webhook() != by_webhook) return ByWebhookOnly(name);
  auto dispatcher = std::make_shared<GroupDispatcher>(&context_, std::move(group));
  if (absl::Status started = dispatcher->Start(); !started.ok()) {
    dispatcher->Stop();
    return started;
  }
  served_[name] = dispatcher;
  dispatcher->Join(consumer, max_in_flight);
  return dispatcher;
}

void GroupRegistry::Retire(const std::string& name,
                           const std::shared_ptr<GroupDispatcher>& dispatcher) {
  absl::MutexLock lock(&mutex_);
  auto served = served_.find(name);
  if (served == served_.end() || served->second != dispatcher) return;  // Already stopped.
  if (!dispatcher->Idle()) return;  // A consumer joined meanwhile.
  dispatcher->Stop();
  served_.erase(served);
}

GroupActivity GroupRegistry::Activity(const std::string& name, uint64_t stored_checkpoint) {
  absl::MutexLock lock(&mutex_);
  if (auto served = served_.find(name); served != served_.end()) {
    return served->second->Activity(stored_checkpoint);
  }
  GroupActivity activity;
  activity.checkpoint = stored_checkpoint;
  return activity;
}

absl::Status GroupRegistry::Reset(const std::string& name, uint64_t checkpoint) {
  absl::MutexLock lock(&mutex_);
  if (auto served = served_.find(name); served != served_.end()) {
    return served->second->Reset(checkpoint);
  }
  return context_.store->Groups().Reset(name, checkpoint);
}

absl::Status GroupRegistry::Replayed(const std::string& name) {
  absl::MutexLock lock(&mutex_);
  auto served = served_.find(name);
  if (served == served_.end()) return absl::OkStatus();
  return served->second->Renew();
}

void GroupRegistry::Deleted(const std::string& name) {
  absl::MutexLock lock(&mutex_);
  auto served = served_.find(name);
  if (served == served_.end()) return;
  served->second->End(RpcStatus(eventstore::NoSuchGroup(name)));
  served->second->Stop();
  served_.erase(served);
}

void GroupRegistry::StopAll() {
  absl::MutexLock lock(&mutex_);
  for (auto& [name, dispatcher] : served_) dispatcher->Stop();
  served_.clear();
}

}  // namespace chancery::server
