#include "eventstore/group_writer.h"

#include <optional>
#include <utility>

#include "absl/time/clock.h"
#include "common/thread_name.h"

namespace chancery::eventstore {
namespace {

// A group stops growing at this many events, to bound one transaction.
constexpr size_t kMaxGroupEvents = 10000;

// While the store cannot commit, an idle writer probes this often.
constexpr absl::Duration kProbeInterval = absl::Seconds(1);

size_t EventsIn(const std::vector<AppendQueue::Pending>& group) {
  size_t events = 0;
  for (const AppendQueue::Pending& pending : group) {
    for (const StreamAppend& stream : pending.request.streams) events += stream.events.size();
  }
  return events;
}

}  // namespace

GroupWriter::GroupWriter(const Writability* writability, Commit commit, Probe probe)
    : writability_(writability),
      commit_(std::move(commit)),
      probe_(std::move(probe)),
      thread_([this] { Run(); }) {}

GroupWriter::~GroupWriter() { Stop(); }

void GroupWriter::Submit(AppendRequest request, EventStore::AppendCallback done) {
  queue_.Submit(std::move(request), std::move(done));
}

void GroupWriter::Stop() {
  queue_.Close();
  if (thread_.joinable()) thread_.join();
}

void GroupWriter::Run() {
  NameThisThread("chancery-writer");
  for (;;) {
    const absl::Duration wait =
        writability_->writable() ? absl::InfiniteDuration() : kProbeInterval;
    std::optional<std::vector<AppendQueue::Pending>> group =
        queue_.TakeGroup(wait, kMaxGroupEvents);
    if (!group) return;  // Stopping, and everything is committed.
    if (group->empty()) {
      probe_();
    } else {
      const absl::Time start = absl::Now();
      const size_t events = EventsIn(*group);  // Counted first: commit_ answers the requests.
      commit_(*group);
      if (StoreObserver* observer = observer_.load()) observer->Committed(events, absl::Now() - start);
    }
  }
}

}  // namespace chancery::eventstore
