#include "eventstore/postgresql/head_follower.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/numbers.h"
#include "common/status_macros.h"
#include "common/thread_name.h"

namespace chancery::eventstore::postgresql {
namespace {

// How often a follower that lost its connection tries again.
constexpr int kReconnectMs = 1000;

}  // namespace

HeadFollower::HeadFollower(std::string uri, HeadSignal* head_signal, Writability* writability)
    : uri_(std::move(uri)),
      head_signal_(head_signal),
      writability_(writability),
      wake_fd_(eventfd(0, EFD_CLOEXEC)),
      thread_([this] { Run(); }) {}

HeadFollower::~HeadFollower() {
  stopping_ = true;
  const uint64_t one = 1;
  (void)!write(wake_fd_, &one, sizeof(one));
  thread_.join();
  close(wake_fd_);
}

void HeadFollower::Run() {
  NameThisThread("chancery-follow");
  while (!stopping_) {
    absl::StatusOr<std::unique_ptr<Connection>> connection = Connection::Open(uri_);
    absl::Status lost = connection.ok() ? Follow(**connection) : connection.status();
    if (stopping_) return;
    writability_->Set(lost);
    pollfd wake{wake_fd_, POLLIN, 0};
    (void)poll(&wake, 1, kReconnectMs);
  }
}

absl::Status HeadFollower::Follow(Connection& connection) {
  RETURN_IF_ERROR(connection.Execute("LISTEN chancery_appended"));
  // What committed before the LISTEN took effect sent no notification here.
  ASSIGN_OR_RETURN(Result head,
                   connection.Query("SELECT coalesce(max(position), 0) FROM chancery_events"));
  head_signal_->Publish(static_cast<uint64_t>(head.Int64(0, 0)));
  writability_->Set(absl::OkStatus());
  while (!stopping_) {
    RETURN_IF_ERROR(connection.WaitReadable(-1, wake_fd_));
    for (const std::string& payload : connection.TakeNotifications()) {
      uint64_t position = 0;
      if (absl::SimpleAtoi(payload, &position)) head_signal_->Publish(position);
    }
  }
  return absl::OkStatus();
}

}  // namespace chancery::eventstore::postgresql
