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
};

// FollowStream reads from `after_position` on until the handler stops or the
// stream fails with an error other than UNAVAILABLE or RESOURCE_EXHAUSTED,
// and returns the exit code. While the server is away it waits, retrying,
// with one line on stderr per interruption.
template <typename Response>
int FollowStream(const Context& context, grpc::Channel& channel, const StreamCalls<Response>& calls,
                 uint64_t after_position) {
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
        return kExitOk;
      }
    }
    const grpc::Status status = reader->Finish();
    // We never cancel a call we keep reading, so CANCELLED comes from a server
    // going down while the call arrived: resumable like UNAVAILABLE.
    const bool resumable = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                           status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                           status.error_code() == grpc::StatusCode::CANCELLED;
    if (!resumable) {
      if (status.ok()) return kExitOk;  // The server ended the stream: nothing more to follow.
      return ReportRpcError(context, status);
    }
    std::cerr << "chancery: " << DescribeStatus(status) << "; resuming after position "
              << after_position << std::endl;
    absl::SleepFor(absl::Milliseconds(200));
  }
}

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_RESUMING_STREAM_H_
