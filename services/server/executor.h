// Executor: the threads that do the server's blocking work.
//
// gRPC's callback API runs handlers and reactor callbacks on a few threads of
// its own; one that waits (for a store read, for the projections to catch
// up) holds up every call behind it. So the services hand such work to an
// Executor, and the reactor resumes (Finish, StartWrite) from there.
//
// Example:
//   Executor executor(4, "chancery-read");
//   executor.Post([reactor, &reads, request, response] {
//     reactor->Finish(reads.GetRelationship(*request, *response));
//   });

#ifndef CHANCERY_SERVICES_SERVER_EXECUTOR_H_
#define CHANCERY_SERVICES_SERVER_EXECUTOR_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace chancery::server {

class Executor {
 public:
  // Starts `threads` threads, each named `name` (at most 15 characters).
  Executor(int threads, const char* name);
  // Runs every job already posted, then joins the threads.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Post queues `job` to run on one of the threads, in the order posted.
  void Post(std::function<void()> job) ABSL_LOCKS_EXCLUDED(mutex_);

  // Whether the calling thread is an Executor's: for tests that check no
  // blocking work runs elsewhere.
  static bool OnExecutorThread();

 private:
  void Run(const char* name) ABSL_LOCKS_EXCLUDED(mutex_);

  absl::Mutex mutex_;
  std::deque<std::function<void()>> jobs_ ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_EXECUTOR_H_
