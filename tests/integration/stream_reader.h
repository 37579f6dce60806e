// StreamReader: a server-streaming call read on its own thread, so a test
// can wait for what it expects and inspect how the stream ended.

#ifndef CHANCERY_TESTS_INTEGRATION_STREAM_READER_H_
#define CHANCERY_TESTS_INTEGRATION_STREAM_READER_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace chancery::testing {

template <typename Response>
class StreamReader {
 public:
  // Opens the call with `context`, e.g. [&](auto* c) { return stub->Watch(c, request); }.
  using Open = std::function<std::unique_ptr<grpc::ClientReader<Response>>(grpc::ClientContext*)>;

  explicit StreamReader(Open open)
      : reader_([this, open = std::move(open)] {
          std::unique_ptr<grpc::ClientReader<Response>> reader = open(&context_);
          Response message;
          while (reader->Read(&message)) {
            std::lock_guard<std::mutex> lock(mutex_);
            messages_.push_back(message);
            changed_.notify_all();
          }
          grpc::Status status = reader->Finish();
          std::lock_guard<std::mutex> lock(mutex_);
          status_ = status;
          changed_.notify_all();
        }) {}

  ~StreamReader() {  // Cancels the call if it is still open.
    context_.TryCancel();
    reader_.join();
  }

  // WaitFor blocks until `done(messages)` holds or the stream ends, up to
  // `timeout`; returns whether `done` held.
  bool WaitFor(const std::function<bool(const std::vector<Response>&)>& done,
               absl::Duration timeout = absl::Seconds(30)) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_until(lock, absl::ToChronoTime(absl::Now() + timeout),
                        [&] { return done(messages_) || status_.has_value(); });
    return done(messages_);
  }

  // WaitForEnd waits for the stream's status.
  std::optional<grpc::Status> WaitForEnd(absl::Duration timeout = absl::Seconds(30)) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_until(lock, absl::ToChronoTime(absl::Now() + timeout),
                        [&] { return status_.has_value(); });
    return status_;
  }

  std::vector<Response> messages() {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
  }

 private:
  grpc::ClientContext context_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Response> messages_;      // Guarded by mutex_.
  std::optional<grpc::Status> status_;  // Guarded by mutex_.
  std::thread reader_;  // Last: starts once the rest is constructed.
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_STREAM_READER_H_
