#include "services/server/group_dispatcher.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "services/server/group_definition.h"
#include "services/server/group_registry.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

// Items kept ahead of the consumers, and records read from the store at once.
constexpr size_t kMaxPending = 10000;
constexpr size_t kReadBatch = 500;
// A nack's back-off: 1 s, doubling with each attempt, at most 60 s.
constexpr absl::Duration kFirstBackoff = absl::Seconds(1);
constexpr absl::Duration kMaxBackoff = absl::Seconds(60);
// Checkpoint saves are at least this far apart: each takes the database's
// write lock, which the log's writer waits for. A crash redelivers what was
// acknowledged in the last interval.
constexpr absl::Duration kSaveInterval = absl::Milliseconds(200);
// The membership is renewed this often (well within kGroupLease); a change
// of members is seen within this time.
constexpr absl::Duration kRenewal = absl::Seconds(3);

absl::Duration Backoff(uint32_t attempts) {
  absl::Duration backoff = kFirstBackoff;
  for (uint32_t i = 1; i < attempts && backoff < kMaxBackoff; ++i) backoff *= 2;
  return std::min(backoff, kMaxBackoff);
}

// InShare: whether `stream` is in share `share` of `replicas`. The hash is
// FNV-1a, fixed for every build, so that every replica (even of another
// version) places a stream in the same share.
bool InShare(const std::string& stream, size_t share, size_t replicas) {
  if (replicas == 1) return true;  // The common case: one replica, every stream.
  uint64_t hash = 0xcbf29ce484222325u;
  for (unsigned char byte : stream) hash = (hash ^ byte) * 0x100000001b3u;
  return hash % replicas == share;
}

}  // namespace

GroupDispatcher::GroupDispatcher(const GroupContext* context, v1::SubscriptionGroup group)
    : context_(context),
      group_(std::move(group)),
      selector_(group_, context->projections),
      ack_timeout_(AckTimeoutOf(group_)) {}

void GroupDispatcher::Post(std::function<void()> job) {
  context_->executor->Post([self = shared_from_this(), job = std::move(job)] { job(); });
}

absl::Status GroupDispatcher::Start() {
  {
    absl::MutexLock save_lock(&save_mutex_);
    const absl::Time now = absl::Now();
    absl::StatusOr<eventstore::GroupMembership> membership =
        context_->store->Groups().Renew(group_.name(), context_->replica, now, now + kGroupLease);
    if (!membership.ok()) return membership.status();
    {
      absl::MutexLock lock(&mutex_);
      renewed_ = now;
    }
    // A joining member's epoch is past 0, so StartAgain takes it.
    RETURN_IF_ERROR(StartAgain(*membership, /*drop_in_flight=*/false));
  }
  if (!context_->fanout->Attach(this)) {
    return absl::UnavailableError("the server is shutting down; join again");
  }
  return absl::OkStatus();
}

void GroupDispatcher::Stop() {
  context_->fanout->Detach(this);
  absl::MutexLock save_lock(&save_mutex_);
  eventstore::GroupStore& groups = context_->store->Groups();
  // Events being parked (the last consumer left with them on their last
  // attempt) are parked here, so the cursor saved passes them.
  std::vector<eventstore::ParkedEvent> parking;
  {
    absl::MutexLock lock(&mutex_);
    ended_ = true;
    for (const auto& [position, item] : items_) {
      if (item.state == Item::State::kParking) parking.push_back(ToParked(position, item));
    }
  }
  uint64_t cursor;
  uint64_t epoch;
  {
    std::vector<uint64_t> parked;
    for (const eventstore::ParkedEvent& event : parking) {
      if (groups.Park(group_.name(), event).ok()) parked.push_back(event.position);
    }
    absl::MutexLock lock(&mutex_);
    for (uint64_t position : parked) {
      // A park job of its own may have dropped it meanwhile.
      if (auto item = items_.find(position); item != items_.end()) Forget(item);
    }
    cursor = Checkpoint();
    epoch = epoch_;
  }
  // A group deleted meanwhile has nothing to save: no error. If the store
  // cannot be reached, the lease lapses and the others take the share.
  (void)groups.Leave(group_.name(), context_->replica, epoch, cursor);
}

void GroupDispatcher::Join(GroupConsumer* consumer, uint32_t max_in_flight) {
  absl::MutexLock lock(&mutex_);
  consumer->Joined(Checkpoint());
  members_.push_back({consumer, max_in_flight});
  idle_since_ = absl::InfiniteFuture();
  retiring_ = false;
  Fill();
  Dispatch();
}

void GroupDispatcher::Leave(GroupConsumer* consumer) {
  absl::MutexLock lock(&mutex_);
  for (auto& [position, item] : items_) {
    if (item.state == Item::State::kInFlight && item.consumer == consumer) {
      Release(item);
      Fail(position, item, "the consumer left without acknowledging it", /*at_once=*/true);
    }
  }
  members_.erase(std::remove_if(members_.begin(), members_.end(),
                                [consumer](const Member& m) { return m.consumer == consumer; }),
                 members_.end());
  if (members_.empty()) idle_since_ = absl::Now();
  Dispatch();
}

bool GroupDispatcher::Idle() const {
  absl::MutexLock lock(&mutex_);
  return IdleLocked(absl::Now());
}

bool GroupDispatcher::IdleLocked(absl::Time now) const {
  // While other replicas serve the group, this one's share waits for no one.
  return members_.empty() && (replicas_ > 1 || now - idle_since_ >= kGroupLinger);
}

std::vector<uint64_t> GroupDispatcher::Ack(GroupConsumer* consumer,
                                           const std::vector<uint64_t>& positions) {
  absl::MutexLock lock(&mutex_);
  std::vector<uint64_t> refused;
  for (uint64_t position : positions) {
    const auto found = HeldBy(consumer, position);
    if (found == items_.end()) {
      refused.push_back(position);
      continue;
    }
    if (found->second.replay) {
      Post([this, position] { (void)context_->store->Groups().Unpark(group_.name(), position); });
    }
    Forget(found);
  }
  Fill();
  Dispatch();
  SaveIfMoved();
  return refused;
}

std::vector<uint64_t> GroupDispatcher::Nack(GroupConsumer* consumer,
                                            const std::vector<uint64_t>& positions,
                                            const std::string& reason) {
  absl::MutexLock lock(&mutex_);
  std::vector<uint64_t> refused;
  const std::string why = reason.empty() ? "negatively acknowledged" : reason;
  for (uint64_t position : positions) {
    const auto found = HeldBy(consumer, position);
    if (found == items_.end()) {
      refused.push_back(position);
      continue;
    }
    Release(found->second);
    Fail(position, found->second, why, /*at_once=*/false);
  }
  Dispatch();
  return refused;
}

absl::Status GroupDispatcher::Reset(uint64_t checkpoint) {
  absl::MutexLock save_lock(&save_mutex_);
  eventstore::GroupStore& groups = context_->store->Groups();
  if (absl::Status reset = groups.Reset(group_.name(), checkpoint); !reset.ok()) return reset;
  absl::StatusOr<eventstore::GroupMembership> membership =
      groups.Renew(group_.name(), context_->replica, absl::Now(), absl::Now() + kGroupLease);
  if (!membership.ok()) return membership.status();
  return StartAgain(*membership, /*drop_in_flight=*/true);
}

absl::Status GroupDispatcher::Renew() {
  absl::MutexLock save_lock(&save_mutex_);
  const absl::Time now = absl::Now();
  absl::StatusOr<eventstore::GroupMembership> membership =
      context_->store->Groups().Renew(group_.name(), context_->replica, now, now + kGroupLease);
  {
    absl::MutexLock lock(&mutex_);
    if (!membership.ok()) {
      EndIfDeleted(membership.status());  // Any other failure: the next tick renews.
      return membership.status();
    }
    renewed_ = now;
    if (membership->epoch == epoch_) return absl::OkStatus();
  }
  return StartAgain(*membership, /*drop_in_flight=*/false);
}

absl::Status GroupDispatcher::StartAgain(const eventstore::GroupMembership& membership,
                                         bool drop_in_flight) {
  size_t share = 0;
  while (share < membership.replicas.size() && membership.replicas[share] != context_->replica) {
    ++share;
  }
  const size_t replicas = std::max<size_t>(membership.replicas.size(), 1);
  absl::StatusOr<std::vector<eventstore::ParkedEvent>> replaying =
      context_->store->Groups().Replaying(group_.name());
  if (!replaying.ok()) return replaying.status();
  std::vector<uint64_t> positions;
  for (const eventstore::ParkedEvent& event : *replaying) {
    if (InShare(event.stream, share, replicas)) positions.push_back(event.position);
  }
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> stored =
      context_->store->ReadPositions(positions);
  if (!stored.ok()) return stored.status();

  absl::MutexLock lock(&mutex_);
  if (membership.epoch <= epoch_) return absl::OkStatus();  // A later one was taken.
  // The same share (after a replay, say) goes on from where it is: what
  // this replica did of it is done, whatever the others' cursors.
  const bool same_share = epoch_ != 0 && !drop_in_flight && replicas == replicas_ && share == share_;
  epoch_ = membership.epoch;
  share_ = share;
  replicas_ = replicas;
  saved_ = membership.cursor;  // The next save writes this replica's cursor again.
  if (!same_share) {
    for (auto it = items_.begin(); it != items_.end();) {
      const bool keep = Owns(it->second.stream) &&
                        (it->second.replay || (!drop_in_flight && it->first > membership.cursor));
      it = keep ? std::next(it) : Forget(it);
    }
    cursor_ = membership.cursor;
    ++generation_;
    reading_ = false;  // A read under way belongs to the old generation.
  }
  for (eventstore::RecordedEvent& event : *stored) {
    const uint64_t position = event.position;
    if (items_.count(position) > 0) continue;  // Already being delivered.
    Item item;
    item.stream = event.stream;
    std::optional<v1::GroupDelivery> delivery = selector_.Select(Share(std::move(event)));
    if (!delivery.has_value()) {
      // Not this group's (a changes group's change no longer differs): done.
      Post([this, position] { (void)context_->store->Groups().Unpark(group_.name(), position); });
      continue;
    }
    item.delivery = *std::move(delivery);
    item.replay = true;
    const std::string stream = item.stream;
    items_.emplace(position, std::move(item));
    Wait(position, stream);
  }
  Fill();
  Dispatch();
  SaveIfMoved();
  return absl::OkStatus();
}

bool GroupDispatcher::Owns(const std::string& stream) const {
  return InShare(stream, share_, replicas_);
}

void GroupDispatcher::End(const grpc::Status& status) {
  absl::MutexLock lock(&mutex_);
  ended_ = true;
  for (const Member& member : members_) member.consumer->End(status);
}

GroupActivity GroupDispatcher::Activity(uint64_t stored_checkpoint) const {
  absl::MutexLock lock(&mutex_);
  GroupActivity activity;
  activity.checkpoint =
      replicas_ > 1 ? std::min(Checkpoint(), stored_checkpoint) : Checkpoint();
  activity.consumers = static_cast<uint32_t>(members_.size());
  for (const Member& member : members_) activity.in_flight += member.in_flight;
  return activity;
}

void GroupDispatcher::OnAdvanced() {
  absl::MutexLock lock(&mutex_);
  if (ended_) return;
  Fill();
  const absl::Time now = absl::Now();
  if (now - last_tick_ >= absl::Seconds(1)) Tick(now);
  Dispatch();
  SaveIfMoved();
}

void GroupDispatcher::OnClosed() {
  End(RpcStatus(absl::UnavailableError("the server is shutting down; join again")));
}

void GroupDispatcher::Take(const SharedRecord& record) {
  if (record->position() != cursor_ + 1) return;
  cursor_ = record->position();
  // Kept through a restart, or another replica's.
  if (items_.count(cursor_) > 0 || !Owns(record->stored().stream)) return;
  std::optional<v1::GroupDelivery> delivery = selector_.Select(record);
  if (!delivery.has_value()) return;
  Item& item = items_[cursor_];
  item.delivery = *std::move(delivery);
  item.stream = record->stored().stream;
  Wait(cursor_, item.stream);
}

void GroupDispatcher::Fill() {
  while (!reading_ && items_.size() < kMaxPending) {
    const uint64_t before = cursor_;
    const LogFanout::Scan scan =
        context_->fanout->ForEachAfter(cursor_, kReadBatch, [this](const SharedRecord& record) {
          mutex_.AssertHeld();  // This thread's, around ForEachAfter.
          Take(record);
        });
    if (scan.before_window) {
      reading_ = true;
      Post([this, from = cursor_ + 1, head = scan.head, generation = generation_] {
        ReadHistory(from, head, generation);
      });
      return;
    }
    if (cursor_ == before) return;  // At the head.
  }
}

void GroupDispatcher::ReadHistory(uint64_t from, uint64_t head, uint64_t generation) {
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> events =
      context_->store->ReadLog({from, "", {}, kReadBatch});
  absl::MutexLock lock(&mutex_);
  if (generation != generation_) return;  // Reset meanwhile; its own read follows.
  reading_ = false;
  if (!events.ok()) {
    // Tried again at the next tick (Fill), when the store may be back.
    return;
  }
  for (eventstore::RecordedEvent& event : *events) {
    if (event.position > head) break;
    Take(Share(std::move(event)));
  }
  Fill();
  Dispatch();
  SaveIfMoved();
}

GroupDispatcher::Items::iterator GroupDispatcher::HeldBy(GroupConsumer* consumer,
                                                         uint64_t position) {
  auto found = items_.find(position);
  if (found == items_.end() || found->second.state != Item::State::kInFlight ||
      found->second.consumer != consumer) {
    return items_.end();
  }
  return found;
}

GroupDispatcher::Member* GroupDispatcher::MemberOf(GroupConsumer* consumer) {
  for (Member& member : members_) {
    if (member.consumer == consumer) return &member;
  }
  return nullptr;
}

GroupDispatcher::Member* GroupDispatcher::MemberFor(const std::string& stream) {
  return &members_[std::hash<std::string>()(stream) % members_.size()];
}

void GroupDispatcher::Wait(uint64_t position, const std::string& stream) {
  streams_[stream].waiting.insert(position);
  Requeue(stream);
}

GroupDispatcher::Items::iterator GroupDispatcher::Forget(Items::iterator item) {
  const std::string& stream = item->second.stream;
  if (item->second.state == Item::State::kInFlight) Release(item->second);
  streams_[stream].waiting.erase(item->first);
  Requeue(stream);
  return items_.erase(item);
}

void GroupDispatcher::Requeue(const std::string& stream) {
  auto found = streams_.find(stream);
  if (found == streams_.end()) return;
  StreamQueue& queue = found->second;
  if (queue.candidate != 0) candidates_.erase({queue.candidate, stream});
  queue.candidate = 0;
  if (!queue.in_flight && !queue.waiting.empty()) {
    queue.candidate = *queue.waiting.begin();
    candidates_.emplace(queue.candidate, stream);
  } else if (!queue.in_flight) {
    streams_.erase(found);  // Nothing waiting or in flight: forgotten until the next event.
  }
}

void GroupDispatcher::Dispatch() {
  if (members_.empty() || ended_) return;
  const absl::Time now = absl::Now();
  absl::flat_hash_map<GroupConsumer*, std::vector<v1::GroupDelivery>> outgoing;
  // Each stream's first waiting event, if the stream has none in flight, in
  // position order.
  for (auto candidate = candidates_.begin(); candidate != candidates_.end();) {
    const auto [position, stream] = *candidate;
    Item& item = items_.at(position);
    const bool held_back = item.state == Item::State::kParking ||
                           (item.state == Item::State::kBackoff && item.due > now);
    Member* member = held_back ? nullptr : MemberFor(stream);
    if (member == nullptr || member->in_flight >= member->max_in_flight) {
      ++candidate;
      continue;
    }
    item.state = Item::State::kInFlight;
    item.consumer = member->consumer;
    item.due = now + ack_timeout_;
    ++item.attempts;
    ++member->in_flight;
    StreamQueue& queue = streams_.at(stream);
    queue.waiting.erase(position);
    queue.in_flight = true;
    queue.candidate = 0;
    candidate = candidates_.erase(candidate);
    v1::GroupDelivery& delivery = outgoing[member->consumer].emplace_back(item.delivery);
    delivery.set_attempt(item.attempts);
  }
  for (auto& [consumer, deliveries] : outgoing) consumer->Send(std::move(deliveries));
}

void GroupDispatcher::Release(Item& item) {
  if (Member* member = MemberOf(item.consumer); member != nullptr) --member->in_flight;
  streams_[item.stream].in_flight = false;
  Requeue(item.stream);
  item.consumer = nullptr;
  item.state = Item::State::kReady;
}

void GroupDispatcher::Fail(uint64_t position, Item& item, const std::string& why, bool at_once) {
  item.last_error = why;
  Wait(position, item.stream);
  if (item.attempts >= group_.max_attempts()) {
    item.state = Item::State::kParking;
    PostPark(position, item);
    return;
  }
  item.state = Item::State::kBackoff;
  item.due = at_once ? absl::InfinitePast() : absl::Now() + Backoff(item.attempts);
}

eventstore::ParkedEvent GroupDispatcher::ToParked(uint64_t position, const Item& item) {
  eventstore::ParkedEvent parked;
  parked.position = position;
  parked.stream = item.stream;
  parked.attempts = item.attempts;
  parked.last_error = item.last_error;
  parked.parked_at = absl::Now();
  return parked;
}

void GroupDispatcher::PostPark(uint64_t position, Item& item) {
  item.park_posted = true;
  Post([this, parked = ToParked(position, item), generation = generation_] {
    const absl::Status stored = context_->store->Groups().Park(group_.name(), parked);
    absl::MutexLock lock(&mutex_);
    auto found = items_.find(parked.position);
    if (found == items_.end() || found->second.state != Item::State::kParking) return;
    if (!stored.ok()) {
      found->second.park_posted = false;  // The next tick tries again.
      return;
    }
    Forget(found);
    if (generation == generation_) SaveIfMoved();
    Dispatch();
  });
}

void GroupDispatcher::Tick(absl::Time now) {
  last_tick_ = now;
  for (auto& [position, item] : items_) {
    if (item.state == Item::State::kInFlight && item.due <= now) {
      Release(item);
      Fail(position, item, "not acknowledged within the group's ack_timeout", /*at_once=*/true);
    } else if (item.state == Item::State::kParking && !item.park_posted) {
      PostPark(position, item);
    }
  }
  if (IdleLocked(now) && !retiring_) {
    retiring_ = true;
    Post([this] { context_->registry->Retire(group_.name(), shared_from_this()); });
  }
  const uint64_t checkpoint = Checkpoint();
  const uint64_t head = context_->fanout->head();
  for (const Member& member : members_) member.consumer->Heartbeat(checkpoint, head);
  if (now - renewed_ >= kRenewal) {
    renewed_ = now;  // Renew sets it again once done.
    Post([this] { (void)Renew(); });
  }
}

uint64_t GroupDispatcher::Checkpoint() const {
  // Items kept through a restart may lie past the cursor.
  for (const auto& [position, item] : items_) {
    if (!item.replay) return std::min(position - 1, cursor_);
  }
  return cursor_;
}

void GroupDispatcher::SaveIfMoved() {
  if (saving_ || ended_ || Checkpoint() == saved_) return;
  const absl::Time now = absl::Now();
  if (now - last_save_ < kSaveInterval) return;  // The next tick or ack saves it.
  saving_ = true;
  last_save_ = now;
  Post([this] { Save(); });
}

void GroupDispatcher::Save() {
  absl::MutexLock save_lock(&save_mutex_);
  uint64_t cursor;
  uint64_t epoch;
  {
    absl::MutexLock lock(&mutex_);
    cursor = Checkpoint();
    epoch = epoch_;
  }
  const absl::Status saved =
      context_->store->Groups().SaveCursor(group_.name(), context_->replica, epoch, cursor);
  absl::MutexLock lock(&mutex_);
  saving_ = false;
  if (saved.ok()) {
    saved_ = cursor;
    SaveIfMoved();
  } else if (absl::IsFailedPrecondition(saved)) {
    Post([this] { (void)Renew(); });  // The epoch moved on: start again.
  }
  EndIfDeleted(saved);  // Any other failure: the next move saves again.
}

void GroupDispatcher::EndIfDeleted(const absl::Status& status) {
  if (!absl::IsNotFound(status)) return;
  ended_ = true;
  for (const Member& member : members_) member.consumer->End(RpcStatus(status));
}

}  // namespace chancery::server
