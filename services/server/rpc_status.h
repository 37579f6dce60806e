// Turning absl::Status into grpc::Status with google.rpc.Status details.
//
// This is the one place where the service's errors meet the wire: every
// error a client sees is a google.rpc.Status (code, message, details) packed
// into grpc::Status's binary details, as gRPC's rich error model expects.

#ifndef CHANCERY_SERVICES_SERVER_RPC_STATUS_H_
#define CHANCERY_SERVICES_SERVER_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace chancery::server {

// RpcStatus carries `status`'s code and message; OK stays OK. UNAVAILABLE
// (the store cannot write now, the server is stopping, the projections are
// behind) also carries a google.rpc.RetryInfo, which tells a client that the
// server itself answered and when to try again.
grpc::Status RpcStatus(const absl::Status& status);

// RpcStatusWithDetail is an error with one detail message packed in an Any.
grpc::Status RpcStatusWithDetail(grpc::StatusCode code, const std::string& message,
                                 const google::protobuf::Message& detail);

// InvalidArgument is INVALID_ARGUMENT with `bad_request` as its detail and a
// message that lists the first few violations.
grpc::Status InvalidArgument(const google::rpc::BadRequest& bad_request);

// RichStatusWithDetail and RichInvalidArgument are the google.rpc.Status of
// RpcStatusWithDetail and InvalidArgument, for an error that travels inside
// a response (one refused event of a partial_success RecordEvents).
google::rpc::Status RichStatusWithDetail(grpc::StatusCode code, const std::string& message,
                                         const google::protobuf::Message& detail);
google::rpc::Status RichInvalidArgument(const google::rpc::BadRequest& bad_request);

// AddViolation appends one field violation to `bad_request`.
void AddViolation(google::rpc::BadRequest& bad_request, std::string field,
                  std::string description);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RPC_STATUS_H_
