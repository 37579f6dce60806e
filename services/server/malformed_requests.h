// Requests whose bytes do not parse: INVALID_ARGUMENT with a message.
//
// gRPC's callback API answers a request it cannot deserialize (bytes that
// are not the method's message, or a string field that is not UTF-8) with
// UNIMPLEMENTED and no message, before any handler runs. The interceptor
// notices the missing message and rewrites that status.

#ifndef CHANCERY_SERVICES_SERVER_MALFORMED_REQUESTS_H_
#define CHANCERY_SERVICES_SERVER_MALFORMED_REQUESTS_H_

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

namespace chancery::server {

// MalformedRequest is the status for a request whose bytes do not parse as
// `request_type` (a message's full name).
grpc::Status MalformedRequest(const std::string& request_type);

// For grpc::ServerBuilder::experimental().SetInterceptorCreators.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequestInterceptorFactory();

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_MALFORMED_REQUESTS_H_
