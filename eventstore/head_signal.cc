#include "eventstore/head_signal.h"

namespace chancery::eventstore {

void HeadSignal::Publish(uint64_t head) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    head_ = head;
  }
  changed_.notify_all();
}

void HeadSignal::Close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

uint64_t HeadSignal::head() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return head_;
}

uint64_t HeadSignal::WaitPast(uint64_t position, absl::Time deadline) const {
  std::unique_lock<std::mutex> lock(mutex_);
  auto passed = [&] { return closed_ || head_ > position; };
  if (deadline == absl::InfiniteFuture()) {
    changed_.wait(lock, passed);  // wait_until overflows on the largest time_point.
  } else {
    changed_.wait_until(lock, absl::ToChronoTime(deadline), passed);
  }
  return head_;
}

}  // namespace chancery::eventstore
