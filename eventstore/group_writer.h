// GroupWriter: the thread of a store's writer. It takes every append
// waiting (AppendQueue, at most about 10,000 events) and hands them to
// `commit` as one group; while the store cannot commit, an idle writer calls
// `probe` about once a second instead, to learn when it can again.
//
// A backend's writer holds one as its last member: the thread starts once
// everything else is ready, and stops first.

#ifndef CHANCERY_EVENTSTORE_GROUP_WRITER_H_
#define CHANCERY_EVENTSTORE_GROUP_WRITER_H_

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "eventstore/append_queue.h"
#include "eventstore/event_store.h"
#include "eventstore/store_observer.h"
#include "eventstore/writability.h"

namespace chancery::eventstore {

class GroupWriter {
 public:
  using Commit = std::function<void(std::vector<AppendQueue::Pending>& group)>;
  using Probe = std::function<void()>;

  // Starts the thread, which reads `writability` to know when to probe.
  GroupWriter(const Writability* writability, Commit commit, Probe probe);
  ~GroupWriter();  // Stop()s.

  // Submit queues `request`; `done` is called on the writer thread once it
  // has committed or failed. After Stop, `done` gets UNAVAILABLE at once.
  void Submit(AppendRequest request, EventStore::AppendCallback done);

  // Stop commits everything already submitted, then ends the thread.
  void Stop();

  // SetObserver makes `observer` (which outlives the writer) hear of each
  // commit.
  void SetObserver(StoreObserver* observer) { observer_.store(observer); }

 private:
  void Run();

  const Writability* const writability_;
  const Commit commit_;
  const Probe probe_;
  AppendQueue queue_;
  std::atomic<StoreObserver*> observer_{nullptr};
  std::thread thread_;
};

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_GROUP_WRITER_H_
