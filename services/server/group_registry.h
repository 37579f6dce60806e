// GroupRegistry: the subscription groups this replica serves now.
//
// A group is served here from the first consumer's join until it has had
// no consumer for kGroupLinger: the registry claims it in the store (so that
// no other replica serves it meanwhile), starts its GroupDispatcher, and
// stops it and gives up the claim when it retires. The methods that do
// store I/O run on the executor, one at a time, so a group never starts
// while it stops.

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

// AsRetryable turns a claim held by another replica (FAILED_PRECONDITION)
// into UNAVAILABLE: a consumer that joins again later, or elsewhere, gets
// the group once that replica has let it go or died.
absl::Status AsRetryable(const absl::Status& status);

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
  // served here, else in the store under a claim of its own.
  absl::Status Reset(const std::string& name, uint64_t checkpoint) ABSL_LOCKS_EXCLUDED(mutex_);
  // Replay delivers parked events again, when the group is served here (a
  // dispatcher started later finds them marked in the store).
  absl::Status Replay(const std::string& name, const std::vector<eventstore::ParkedEvent>& events)
      ABSL_LOCKS_EXCLUDED(mutex_);
  // Deleted ends the deleted group's consumers with NOT_FOUND.
  void Deleted(const std::string& name) ABSL_LOCKS_EXCLUDED(mutex_);
  // StopAll saves every served group's checkpoint and gives up its claim,
  // at shutdown, once every stream has ended.
  void StopAll() ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  GroupContext context_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, std::shared_ptr<GroupDispatcher>> served_
      ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_GROUP_REGISTRY_H_
