// GroupDispatcher: one subscription group served on this replica.
//
// The replica is a member of the group in the store (GroupStore::Renew),
// one of the group's replicas that have consumers; it delivers its share
// of the group's streams: those whose hash, modulo the number of members,
// is its place among them. A change of members (one joins, leaves or lets
// its lease lapse), a reset or a replay starts every member again from the
// lowest cursor with its new share: events may come twice, none is skipped.
//
// It follows the log after its cursor (from the LogFanout's window, or from
// the store while catching up), turns each record of its share into a
// delivery or nothing (GroupSelector), and hands the deliveries to its
// consumers:
//   - Partitioned by stream: a stream's events go to
//     members[hash(stream) % count], one at a time: an event is delivered
//     once the one before it in its stream is acknowledged or parked. So
//     each stream is handled by one consumer at a time, in position order,
//     even across failures.
//   - A consumer holds at most its max_in_flight events unacknowledged.
//   - A failed delivery (nack, the consumer leaving, no ack within the ack
//     timeout) is tried again, after a back-off for a nack; after
//     max_attempts it is parked in the store.
//   - The cursor is the position before the first event not yet done
//     (acknowledged or parked), or the last position examined. It is saved
//     when it has moved, one save at a time and at most five a second; the
//     group's checkpoint is the lowest of its members' cursors.
//   - Replayed parked events are delivered like the others but lie behind
//     the checkpoint; acknowledged, they leave the parked list.
//
// Every method is thread-safe. Store I/O runs on the executor, never under
// the dispatcher's lock, except in the methods marked "I/O", which the
// registry calls from the executor.

#ifndef CHANCERY_SERVICES_SERVER_GROUP_DISPATCHER_H_
#define CHANCERY_SERVICES_SERVER_GROUP_DISPATCHER_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "chancery/v1/subscription_group.pb.h"
#include "eventstore/event_store.h"
#include "services/server/executor.h"
#include "services/server/group_selector.h"
#include "services/server/log_fanout.h"
#include "services/server/metrics.h"
#include "services/server/projections.h"

namespace chancery::server {

// What a consumer's stream implements. Calls come under the dispatcher's
// lock: they must not block nor call the dispatcher.
class GroupConsumer {
 public:
  virtual ~GroupConsumer() = default;
  // Joined comes first, with the group's checkpoint.
  virtual void Joined(uint64_t checkpoint) = 0;
  virtual void Send(std::vector<v1::GroupDelivery> deliveries) = 0;
  // Heartbeat comes about once a second.
  virtual void Heartbeat(uint64_t checkpoint, uint64_t head) = 0;
  // End ends the consumer's stream with `status`.
  virtual void End(grpc::Status status) = 0;
};

// How long a replica's membership of a group lasts; its dispatcher renews
// it every few seconds, and the others drop a member whose lease lapsed.
inline constexpr absl::Duration kGroupLease = absl::Seconds(10);

class GroupRegistry;

// How long a group stays served after its last consumer leaves, while no
// other replica serves it: a consumer that comes back (restarted, say) finds
// its events' attempts still counted. (When others serve it, they take this
// replica's share at once.)
inline constexpr absl::Duration kGroupLinger = absl::Seconds(30);

// What every dispatcher of a server shares.
struct GroupContext {
  eventstore::EventStore* store;
  LogFanout* fanout;
  const Projections* projections;
  Executor* executor;
  std::string replica;  // This replica's name among the groups' members.
  Metrics* metrics;     // Counts the consumers' streams.
  // --webhook-ca: the PEM file of CA certificates webhooks' https servers
  // are checked against; empty: the system's.
  std::string webhook_ca;
  GroupRegistry* registry = nullptr;  // Set by the registry, which retires idle groups.
};

// A group's state now, as GetGroup shows it.
struct GroupActivity {
  uint64_t checkpoint = 0;
  uint32_t consumers = 0;
  uint32_t in_flight = 0;
};

class GroupDispatcher final : public LogFanout::Subscriber,
                              public std::enable_shared_from_this<GroupDispatcher> {
 public:
  // `group` as stored (FromStored).
  GroupDispatcher(const GroupContext* context, v1::SubscriptionGroup group);

  // Start (I/O) joins the group's members, queues the replaying parked
  // events of its share and begins following the log.
  absl::Status Start();
  // Stop (I/O) stops following, saves the cursor and leaves the members.
  void Stop();

  void Join(GroupConsumer* consumer, uint32_t max_in_flight) ABSL_LOCKS_EXCLUDED(mutex_);
  // Leave hands the consumer's unacknowledged events to the others.
  void Leave(GroupConsumer* consumer) ABSL_LOCKS_EXCLUDED(mutex_);
  // Whether the group has had no consumer here for kGroupLinger, or has
  // none here and other members.
  bool Idle() const ABSL_LOCKS_EXCLUDED(mutex_);
  // Ack and Nack return the positions refused: not in flight to `consumer`.
  std::vector<uint64_t> Ack(GroupConsumer* consumer, const std::vector<uint64_t>& positions)
      ABSL_LOCKS_EXCLUDED(mutex_);
  std::vector<uint64_t> Nack(GroupConsumer* consumer, const std::vector<uint64_t>& positions,
                             const std::string& reason) ABSL_LOCKS_EXCLUDED(mutex_);
  // Reset (I/O) moves every member to `checkpoint`, drops what is in flight
  // and delivers from there.
  absl::Status Reset(uint64_t checkpoint) ABSL_LOCKS_EXCLUDED(mutex_);
  // Renew (I/O) renews the membership and, if the epoch moved on (members
  // changed, or parked events were marked replaying), starts again.
  absl::Status Renew() ABSL_LOCKS_EXCLUDED(mutex_);
  // End ends every consumer's stream with `status`.
  void End(const grpc::Status& status) ABSL_LOCKS_EXCLUDED(mutex_);
  // Activity: its checkpoint is the lower of this replica's cursor and
  // `stored_checkpoint` (the other members') when others serve the group.
  GroupActivity Activity(uint64_t stored_checkpoint) const ABSL_LOCKS_EXCLUDED(mutex_);
  bool delivers_by_webhook() const { return group_.has_webhook(); }

  void OnAdvanced() override ABSL_LOCKS_EXCLUDED(mutex_);
  void OnClosed() override ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Item {
    v1::GroupDelivery delivery;  // Its attempt unset.
    std::string stream;
    uint32_t attempts = 0;
    enum class State { kReady, kInFlight, kBackoff, kParking } state = State::kReady;
    GroupConsumer* consumer = nullptr;  // kInFlight: who holds it.
    absl::Time due;                     // kInFlight: the ack deadline; kBackoff: the retry.
    std::string last_error;
    bool replay = false;       // A replayed parked event, behind the checkpoint.
    bool park_posted = false;  // kParking: the store write is under way.
  };
  struct Member {
    GroupConsumer* consumer;
    uint32_t max_in_flight;
    uint32_t in_flight = 0;
  };
  // A stream's events not in flight, and whether one is.
  struct StreamQueue {
    std::set<uint64_t> waiting;
    bool in_flight = false;
    uint64_t candidate = 0;  // Its entry in candidates_; 0 if none.
  };
  using Items = std::map<uint64_t, Item>;

  // StartAgain (I/O) takes `membership`, unless a later one was taken: the
  // share, the cursor, and the replaying parked events of the share. Items
  // outside the share are dropped, and so are all items but replayed ones
  // when `drop_in_flight` (a reset).
  absl::Status StartAgain(const eventstore::GroupMembership& membership, bool drop_in_flight)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(save_mutex_) ABSL_LOCKS_EXCLUDED(mutex_);
  bool IdleLocked(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Owns: whether `stream` is in this replica's share.
  bool Owns(const std::string& stream) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Take examines the next record after the cursor.
  void Take(const SharedRecord& record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Fill reads ahead from the window, or starts a store read.
  void Fill() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void ReadHistory(uint64_t from, uint64_t head, uint64_t generation) ABSL_LOCKS_EXCLUDED(mutex_);
  // Dispatch sends every item that may go now.
  void Dispatch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  Member* MemberFor(const std::string& stream) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Wait queues an item (new, or failed) for delivery; Forget drops one
  // (done, parked, or reset away) and returns the next.
  void Wait(uint64_t position, const std::string& stream) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  Items::iterator Forget(Items::iterator item) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Requeue puts `stream` among the candidates when it may deliver again.
  void Requeue(const std::string& stream) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  Member* MemberOf(GroupConsumer* consumer) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // HeldBy: the item at `position` if it is in flight to `consumer`, else end.
  Items::iterator HeldBy(GroupConsumer* consumer, uint64_t position)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Release takes an in-flight item back from its consumer.
  void Release(Item& item) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Fail counts a failed delivery: back-off (none if `at_once`) or park.
  void Fail(uint64_t position, Item& item, const std::string& why, bool at_once)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  static eventstore::ParkedEvent ToParked(uint64_t position, const Item& item);
  void PostPark(uint64_t position, Item& item) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void Tick(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  uint64_t Checkpoint() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // SaveIfMoved starts a save of the checkpoint unless one is under way.
  void SaveIfMoved() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void Save() ABSL_LOCKS_EXCLUDED(mutex_);
  // EndIfDeleted ends every consumer when the store says the group is gone.
  void EndIfDeleted(const absl::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void Post(std::function<void()> job);

  const GroupContext* const context_;
  const v1::SubscriptionGroup group_;
  const GroupSelector selector_;
  const absl::Duration ack_timeout_;

  // One membership write (save, renewal, start) at a time.
  absl::Mutex save_mutex_ ABSL_ACQUIRED_BEFORE(mutex_);
  mutable absl::Mutex mutex_;
  Items items_ ABSL_GUARDED_BY(mutex_);  // Not done yet, by position.
  absl::flat_hash_map<std::string, StreamQueue> streams_ ABSL_GUARDED_BY(mutex_);
  // (first waiting position, stream) of each stream with none in flight:
  // all Dispatch looks at.
  std::set<std::pair<uint64_t, std::string>> candidates_ ABSL_GUARDED_BY(mutex_);
  std::vector<Member> members_ ABSL_GUARDED_BY(mutex_);
  uint64_t cursor_ ABSL_GUARDED_BY(mutex_) = 0;  // The last position examined.
  uint64_t saved_ ABSL_GUARDED_BY(mutex_) = 0;   // The cursor in the store.
  uint64_t epoch_ ABSL_GUARDED_BY(mutex_) = 0;   // The membership's.
  size_t share_ ABSL_GUARDED_BY(mutex_) = 0;     // This replica's place among
  size_t replicas_ ABSL_GUARDED_BY(mutex_) = 1;  // this many members.
  uint64_t generation_ ABSL_GUARDED_BY(mutex_) = 0;  // Moves on at each reset.
  bool reading_ ABSL_GUARDED_BY(mutex_) = false;
  bool saving_ ABSL_GUARDED_BY(mutex_) = false;
  bool ended_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Time last_tick_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
  absl::Time last_save_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
  absl::Time idle_since_ ABSL_GUARDED_BY(mutex_) = absl::InfiniteFuture();
  bool retiring_ ABSL_GUARDED_BY(mutex_) = false;  // The registry has been asked to stop it.
  absl::Time renewed_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_GROUP_DISPATCHER_H_
