// AnswerOnExecutor: a unary read answered from an Executor.
//
// The call counts against its caller's read rate first (CallLimits). Then
// `answer` (a store read, a wait for the projections, a fold) runs on the
// executor, and its status finishes the call there; gRPC's thread returns at
// once. A call whose deadline passed while it waited for the executor is
// answered DEADLINE_EXCEEDED instead. The request and response it refers to live until the call finishes.

#ifndef CHANCERY_SERVICES_SERVER_UNARY_ON_EXECUTOR_H_
#define CHANCERY_SERVICES_SERVER_UNARY_ON_EXECUTOR_H_

#include <grpcpp/grpcpp.h>

#include <utility>

#include "absl/time/clock.h"

#include "services/server/call_limits.h"
#include "services/server/executor.h"

namespace chancery::server {

// Refused: a unary call finished at once with `status`.
inline grpc::ServerUnaryReactor* Refused(grpc::CallbackServerContext* context,
                                         grpc::Status status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(std::move(status));
  return reactor;
}

template <typename Answer>
grpc::ServerUnaryReactor* AnswerOnExecutor(grpc::CallbackServerContext* context,
                                           CallLimits& limits, Executor& executor,
                                           Answer answer) {
  if (grpc::Status refused = limits.Admit(*context, CallKind::kRead); !refused.ok()) {
    return Refused(context, std::move(refused));
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  executor.Post([reactor, deadline = limits.DeadlineOf(*context),
                 answer = std::move(answer)]() mutable {
    reactor->Finish(absl::Now() < deadline ? answer() : DeadlineExceeded());
  });
  return reactor;
}

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_UNARY_ON_EXECUTOR_H_
