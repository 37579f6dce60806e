// GroupRegistry: the subscription groups this replica serves now.
//
// A group is served here from the first consumer's join until it has had
// no consumer for a while (GroupDispatcher::Idle): the registry starts its
// GroupDispatcher, which joins the group's members in the store, and stops
// it (leaving the members) when it retires. The methods that do store I/O
// run on the executor, one at a time, so a group never starts while it
// stops.

#ifndef CHANCERY_SERVICES_SERVER_GROUP_REGISTRY_H_
#define CHANCERY_SERVICES_SERVER_GROUP_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/server/group_dispatcher.h"

namespace chancery::server {

class GroupRegistry {
 public:
  explicit GroupRegistry(GroupContext context) : context_(std::move(context)) {
    context_.registry = this;
  }

  const GroupContext& context() const { return context_; }

  // Join makes `consumer` a consumer of group `name`, serving the group
  // here if it is not yet; returns its dispatcher. A group that delivers
  // by webhook takes only its WebhookConsumer (`by_webhook`).
  absl::StatusOr<std::shared_ptr<GroupDispatcher>> Join(const std::string& name,
                                                        GroupConsumer* consumer,
                                                        uint32_t max_in_flight, bool by_webhook)
      ABSL_LOCKS_EXCLUDED(mutex_);
  // Retire stops serving the group `dispatcher` serves, if it is still idle.
  void Retire(const std::string& name, const std::shared_ptr<GroupDispatcher>& dispatcher)
      ABSL_LOCKS_EXCLUDED(mutex_);

  // Activity: the group's activity here; zero consumers and in flight, and
  // the stored checkpoint, when it is not served here.
  GroupActivity Activity(const std::string& name, uint64_t stored_checkpoint)
      ABSL_LOCKS_EXCLUDED(mutex_);
  // Reset moves the group's checkpoint: through its dispatcher when it is
  // served here, else in the store (where the members find it).
  absl::Status Reset(const std::string& name, uint64_t checkpoint) ABSL_LOCKS_EXCLUDED(mutex_);
  // Replayed starts the group's dispatcher again, when it is served here,
  // once parked events are marked replaying (the other members see the
  // epoch moved on within seconds).
  absl::Status Replayed(const std::string& name) ABSL_LOCKS_EXCLUDED(mutex_);
  // Deleted ends the deleted group's consumers with NOT_FOUND.
  void Deleted(const std::string& name) ABSL_LOCKS_EXCLUDED(mutex_);
  // StopAll saves every served group's cursor and leaves its members, at
  // shutdown, once every stream has ended.
  void StopAll() ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  GroupContext context_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, std::shared_ptr<GroupDispatcher>> served_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_GROUP_REGISTRY_H_
