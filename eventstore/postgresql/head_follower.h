// HeadFollower: keeps a replica's HeadSignal current with the commits of
// every replica on the database, so that WaitForEvents (and with it every
// subscription) wakes for events another chanceryd appended.
//
// Its thread LISTENs on the channel the writers NOTIFY at each commit
// (append_writer.h) and publishes the head each notification carries:
// woken by the database, never polling it. After a lost connection it
// reconnects about once a second, and reads the head once connected again,
// since notifications sent meanwhile are lost. Its connection is also how an
// idle replica learns that the database is lost, and back: it reports both
// to the store's Writability, which the writer's commits report to as well.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_HEAD_FOLLOWER_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_HEAD_FOLLOWER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "eventstore/head_signal.h"
#include "eventstore/postgresql/connection.h"
#include "eventstore/writability.h"

namespace chancery::eventstore::postgresql {

class HeadFollower {
 public:
  HeadFollower(std::string uri, HeadSignal* head_signal, Writability* writability);
  ~HeadFollower();  // Stops the thread.

 private:
  void Run();
  // Follow listens on `connection` until it fails or the follower stops.
  absl::Status Follow(Connection& connection);

  const std::string uri_;
  HeadSignal* const head_signal_;
  Writability* const writability_;
  const int wake_fd_;  // An eventfd the destructor writes to stop the thread.
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_HEAD_FOLLOWER_H_
