// The error boundary: the one place where the service's errors become
// grpc::Status.
//
// The store and the server's own checks report absl::Status; the domain
// reports domain::Violations. Every error a client sees is made here, as a
// google.rpc.Status (code, message, details) packed into grpc::Status's
// binary details, as gRPC's rich error model expects.

#ifndef CHANCERY_SERVICES_SERVER_RPC_STATUS_H_
#define CHANCERY_SERVICES_SERVER_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/domain/violations.h"

namespace chancery::server {

// RpcStatus carries `status`'s code and message; OK stays OK. UNAVAILABLE
// (the store cannot write now, the server is stopping, the projections are
// behind) also carries a google.rpc.RetryInfo, which tells a client that the
// server itself answered and when to try again.
grpc::Status RpcStatus(const absl::Status& status);

// RpcStatus of `violations` (not empty) is INVALID_ARGUMENT with their
// BadRequest as its detail and a message that lists the first few.
grpc::Status RpcStatus(const domain::Violations& violations);

// RpcStatusWithDetail is an error with one API-defined detail message packed
// in an Any.
grpc::Status RpcStatusWithDetail(absl::StatusCode code, const std::string& message,
                                 const google::protobuf::Message& detail);

// RichStatus and RichStatusWithDetail are the google.rpc.Status of RpcStatus
// and RpcStatusWithDetail, for an error that travels inside a response (one
// refused event of a partial_success RecordEvents).
google::rpc::Status RichStatus(const domain::Violations& violations);
google::rpc::Status RichStatusWithDetail(absl::StatusCode code, const std::string& message,
                                         const google::protobuf::Message& detail);

// A BadRequest travels in the `grpc-status-details-bin` trailer, and gRPC
// clients refuse trailers over their metadata limit (8 KiB by default),
// which would turn a helpful INVALID_ARGUMENT into an opaque error. So
// BadRequestOf keeps violations only while their encoded size stays within
// `byte_budget`, then ends the list with one violation on the violations'
// scope counting the rest ("37 more violations not listed; ..."). The default
// budget, with the message beside it and after base64 (4/3), stays well
// within 8 KiB.
inline constexpr size_t kViolationBytes = 4096;
google::rpc::BadRequest BadRequestOf(const domain::Violations& violations,
                                     size_t byte_budget = kViolationBytes);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RPC_STATUS_H_
