// CallLogInterceptor: a log line per gRPC call (chanceryd --log-calls), and
// a warning for a unary call slower than --slow-call in any case. A line
// names the method, the caller's address, the status, the duration, a
// request id (the caller's `x-request-id` header, or one made up, sent back
// in the response's `x-request-id` header) and, if the caller sent a valid
// W3C `traceparent`, its trace id. Never the request's content.

#ifndef CHANCERY_SERVICES_SERVER_CALL_LOG_H_
#define CHANCERY_SERVICES_SERVER_CALL_LOG_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "absl/time/time.h"

namespace chancery::server {

struct CallLogSettings {
  bool every_call = false;                   // --log-calls.
  absl::Duration slow = absl::Seconds(1);    // --slow-call.
};

// For grpc::ServerBuilder::experimental().SetInterceptorCreators.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> CallLogInterceptorFactory(
    CallLogSettings settings);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_CALL_LOG_H_
