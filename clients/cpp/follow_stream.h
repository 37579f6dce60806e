// Following a subscription to its end, for `watch` and `log --follow`.

#ifndef CHANCERY_CLIENTS_CPP_FOLLOW_STREAM_H_
#define CHANCERY_CLIENTS_CPP_FOLLOW_STREAM_H_

#include <memory>

#include "chancery/subscription.h"
#include "clients/cpp/cli_context.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {

// FollowOptions resume across interruptions with one line on stderr for each.
SubscribeOptions FollowOptions();

// FollowStream waits until `subscription` ends (its handler stopped it, or
// the server ended the stream) and returns the command's exit code,
// reporting an error that ended it or kept it from starting.
template <typename Response>
int FollowStream(const Context& context,
                 const Result<std::unique_ptr<Subscription<Response>>>& subscription) {
  if (!subscription.ok()) return ReportRpcError(context, subscription.error());
  const Result<void> ended = (*subscription)->Wait();
  return ended.ok() ? kExitOk : ReportRpcError(context, ended.error());
}

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_FOLLOW_STREAM_H_
