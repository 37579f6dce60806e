#include "services/server/executor.h"

#include <utility>

#include "common/thread_name.h"

namespace chancery::server {
namespace {

thread_local bool on_executor_thread = false;

}  // namespace

Executor::Executor(int threads, const char* name) {
  threads_.reserve(threads);
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this, name] { Run(name); });
}

Executor::~Executor() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  for (std::thread& thread : threads_) thread.join();
}

void Executor::Post(std::function<void()> job) {
  absl::MutexLock lock(&mutex_);
  jobs_.push_back(std::move(job));
}

bool Executor::OnExecutorThread() { return on_executor_thread; }

void Executor::Run(const char* name) {
  NameThisThread(name);
  on_executor_thread = true;
  while (true) {
    std::function<void()> job;
    {
      absl::MutexLock lock(&mutex_);
      const auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return stopping_ || !jobs_.empty();
      };
      mutex_.Await(absl::Condition(&ready));
      if (jobs_.empty()) return;  // Stopping, and nothing is left to run.
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();
  }
}

}  // namespace chancery::server
