// Following a server stream across interruptions, for `watch` and
// `log --follow`.
//
// Both streams (WatchRelationships, SubscribeLog) resume exactly after a
// position: the caller reports the position of each message it has handled
// (printed), and when the stream ends with UNAVAILABLE (the server restarted)
// or RESOURCE_EXHAUSTED (we read too slowly), FollowStream subscribes again
// after that position, so nothing is missed and nothing is handled twice.

#ifndef CHANCERY_CLIENTS_CPP_RESUMING_STREAM_H_
#define CHANCERY_CLIENTS_CPP_RESUMING_STREAM_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>

#include "absl/time/clock.h"
#include "clients/cpp/cli_context.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {

// What the handler of one message says.
enum class StreamStep { kContinue, kStop };

template <typename Response>
struct StreamCalls {
  // Opens the stream delivering messages after `after_position`.
  std::function<std::unique_ptr<grpc::ClientReaderInterface<Response>>(grpc::ClientContext*,
                                                                      uint64_t after_position)>
      open;
  // Handles (prints) one message and sets `*position` to the position it
  // covers; kStop ends the command successfully.
  std::function<StreamStep(const Response&, uint64_t* position)> handle;
  // Optional: asked after each stream ends, while its call still exists;
  // true stops instead of resuming (another thread cancelled the call).
  std::function<bool()> cancelled;
};

// ReadResuming reads from `after_position` on until the handler stops,
// the server ends the stream, or `calls.cancelled` says so (each OK), or the
// stream fails with an error other than UNAVAILABLE or RESOURCE_EXHAUSTED,
// which it returns. While the server is away it waits, retrying, with one
// line on stderr per interruption.
template <typename Response>
grpc::Status ReadResuming(const StreamCalls<Response>& calls, uint64_t after_position) {
  while (true) {
    grpc::ClientContext call;
    // Wait for the server to come back rather than failing at once.
    call.set_wait_for_ready(true);
    std::unique_ptr<grpc::ClientReaderInterface<Response>> reader =
        calls.open(&call, after_position);
    Response message;
    while (reader->Read(&message)) {
      if (calls.handle(message, &after_position) == StreamStep::kStop) {
        call.TryCancel();
        reader->Finish();
        return grpc::Status::OK;
      }
    }
    const grpc::Status status = reader->Finish();
    if (calls.cancelled && calls.cancelled()) return grpc::Status::OK;
    // We never cancel a call we keep reading, so CANCELLED comes from a server
    // going down while the call arrived: resumable like UNAVAILABLE.
    const bool resumable = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                           status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                           status.error_code() == grpc::StatusCode::CANCELLED;
    // OK: the server ended the stream, so there is nothing more to follow.
    if (!resumable) return status;
    std::cerr << "chancery: " << DescribeStatus(status) << "; resuming after position "
              << after_position << std::endl;
    absl::SleepFor(absl::Milliseconds(200));
  }
}

// FollowStream is ReadResuming for a command: it reports a failure and
// returns the exit code.
template <typename Response>
int FollowStream(const Context& context, const StreamCalls<Response>& calls,
                 uint64_t after_position) {
  const grpc::Status status = ReadResuming(calls, after_position);
  return status.ok() ? kExitOk : ReportRpcError(context, status);
}

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_RESUMING_STREAM_H_
