#include "services/server/log_fanout.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "common/thread_name.h"
#include "services/server/log_record_codec.h"

namespace chancery::server {
namespace {

// How long the follower waits for a commit before checking for shutdown.
constexpr absl::Duration kStopCheckInterval = absl::Milliseconds(100);
// How often subscribers hear from a log that is not advancing.
constexpr absl::Duration kTickInterval = absl::Seconds(1);
// How many records the follower reads from the store at a time.
constexpr size_t kFollowBatch = 1000;

}  // namespace

const v1::LogRecord& PublishedRecord::record() const {
  std::call_once(decoded_, [this] {
    absl::StatusOr<v1::LogRecord> record = ToLogRecord(stored_);
    if (record.ok()) {
      record_ = *std::move(record);
      return;
    }
    log::Write(log::Level::kWarning, absl::StrCat("chanceryd: ", record.status().ToString()));
    record_.set_position(stored_.position);
    record_.set_stream(stored_.stream);
  });
  return record_;
}

const grpc::Slice& PublishedRecord::wire() const {
  std::call_once(serialized_, [this] { wire_ = grpc::Slice(record().SerializeAsString()); });
  return wire_;
}

SharedRecord Share(eventstore::RecordedEvent stored) {
  return std::make_shared<const PublishedRecord>(std::move(stored));
}

LogFanout::LogFanout(eventstore::EventStore* store, size_t window, BeforePublish before_publish)
    : store_(store), window_size_(window), before_publish_(std::move(before_publish)) {}

LogFanout::~LogFanout() { Close(); }

void LogFanout::Start(uint64_t head) {
  {
    absl::MutexLock lock(&window_mutex_);
    head_ = head;
  }
  follower_ = std::thread([this] { Follow(); });
}

void LogFanout::Close() {
  stopping_ = true;
  if (follower_.joinable()) follower_.join();
  NotifyAll(/*closed=*/true);
}

bool LogFanout::Attach(Subscriber* subscriber) {
  std::lock_guard<std::recursive_mutex> lock(subscribers_mutex_);
  if (closed_) return false;
  subscribers_.insert(subscriber);
  return true;
}

void LogFanout::Detach(Subscriber* subscriber) {
  std::lock_guard<std::recursive_mutex> lock(subscribers_mutex_);
  subscribers_.erase(subscriber);
}

uint64_t LogFanout::head() const {
  absl::ReaderMutexLock lock(&window_mutex_);
  return head_;
}

uint64_t LogFanout::window_start() const {
  absl::ReaderMutexLock lock(&window_mutex_);
  return head_ + 1 - window_.size();
}

void LogFanout::Follow() {
  NameThisThread("chancery-follow");
  uint64_t published = head();
  absl::Time last_notified = absl::Now();
  while (!stopping_) {
    absl::StatusOr<uint64_t> head =
        store_->WaitForEvents(published, absl::Now() + kStopCheckInterval);
    if (!head.ok() || *head <= published) {
      // A quiet log still ticks, so subscribers can send due checkpoints.
      if (absl::Now() - last_notified >= kTickInterval) {
        NotifyAll(/*closed=*/false);
        last_notified = absl::Now();
      }
      continue;
    }
    std::vector<SharedRecord> records;
    absl::StatusOr<size_t> scanned = store_->ScanLog(
        published + 1, kFollowBatch, [&records](const eventstore::RecordedEventView& event) {
          records.push_back(Share(eventstore::Copy(event)));
          return true;
        });
    if (!scanned.ok()) {
      log::Write(log::Level::kWarning,
                 absl::StrCat("chanceryd: following the log: ", scanned.status().ToString()));
      absl::SleepFor(kStopCheckInterval);
      continue;
    }
    if (records.empty()) continue;
    published = records.back()->position();
    if (before_publish_) before_publish_(records);
    Publish(std::move(records));
    NotifyAll(/*closed=*/false);
    last_notified = absl::Now();
  }
}

void LogFanout::Publish(std::vector<SharedRecord> records) {
  absl::MutexLock lock(&window_mutex_);
  for (SharedRecord& record : records) window_.push_back(std::move(record));
  while (window_.size() > window_size_) window_.pop_front();
  head_ = window_.back()->position();
}

void LogFanout::NotifyAll(bool closed) {
  std::lock_guard<std::recursive_mutex> lock(subscribers_mutex_);
  if (closed) closed_ = true;
  // A subscriber may detach itself (or, finishing, be detached) during the
  // loop, so iterate over a copy and skip whoever has left.
  std::vector<Subscriber*> subscribers(subscribers_.begin(), subscribers_.end());
  for (Subscriber* subscriber : subscribers) {
    if (!subscribers_.contains(subscriber)) continue;
    if (closed) {
      subscriber->OnClosed();
    } else {
      subscriber->OnAdvanced();
    }
  }
}

}  // namespace chancery::server
