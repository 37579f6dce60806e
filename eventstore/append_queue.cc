#include "eventstore/append_queue.h"

#include <algorithm>
#include <utility>

#include "absl/time/clock.h"

namespace chancery::eventstore {

size_t EventCount(const AppendRequest& request) {
  size_t count = 0;
  for (const StreamAppend& part : request.streams) count += part.events.size();
  return count;
}

void AppendQueue::Submit(AppendRequest request, EventStore::AppendCallback done) {
  {
    absl::MutexLock lock(&mutex_);
    if (!closed_) {
      queue_.push_back({std::move(request), std::move(done)});
      return;
    }
  }
  done(absl::UnavailableError("the event store is shutting down; retry on another server"));
}

void AppendQueue::Close() {
  absl::MutexLock lock(&mutex_);
  closed_ = true;
}

std::optional<std::vector<AppendQueue::Pending>> AppendQueue::TakeGroup(absl::Duration wait,
                                                                         size_t max_events) {
  const absl::Time give_up = absl::Now() + wait;
  std::vector<Pending> group;
  while (group.empty()) {
    {
      absl::MutexLock lock(&mutex_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return closed_ || !queue_.empty();
      };
      if (!mutex_.AwaitWithDeadline(absl::Condition(&ready), give_up)) return group;
      if (queue_.empty()) return std::nullopt;  // Closed, and everything is taken.
      size_t events = 0;
      while (!queue_.empty() && (group.empty() || events < max_events)) {
        events += EventCount(queue_.front().request);
        group.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    // Those whose callers stopped waiting are answered, not appended.
    const absl::Time now = absl::Now();
    auto expired = std::stable_partition(group.begin(), group.end(), [now](const Pending& pending) {
      return pending.request.deadline > now;
    });
    for (auto it = expired; it != group.end(); ++it) it->done(AppendDeadlineExceededError());
    group.erase(expired, group.end());
  }
  return group;
}

}  // namespace chancery::eventstore
