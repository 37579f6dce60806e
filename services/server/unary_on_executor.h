// AnswerOnExecutor: a unary call answered from an Executor.
//
// `answer` (a store read, a wait for the projections, a fold) runs on the
// executor, and its status finishes the call there; gRPC's thread returns at
// once. The request and response it refers to live until the call finishes.

#ifndef CHANCERY_SERVICES_SERVER_UNARY_ON_EXECUTOR_H_
#define CHANCERY_SERVICES_SERVER_UNARY_ON_EXECUTOR_H_

#include <grpcpp/grpcpp.h>

#include <utility>

#include "services/server/executor.h"

namespace chancery::server {

template <typename Answer>
grpc::ServerUnaryReactor* AnswerOnExecutor(grpc::CallbackServerContext* context,
                                           Executor& executor, Answer answer) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  executor.Post([reactor, answer = std::move(answer)]() mutable { reactor->Finish(answer()); });
  return reactor;
}

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_UNARY_ON_EXECUTOR_H_
