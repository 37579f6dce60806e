#include "services/server/rpc_status.h"

#include <grpcpp/support/error_details.h>

#include "absl/strings/str_cat.h"

namespace chancery::server {
namespace {

// When a client may retry a request the server answered UNAVAILABLE: the
// store's recovery probe runs about once a second.
constexpr int64_t kRetryDelaySeconds = 1;

}  // namespace

grpc::Status RpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  if (code == grpc::StatusCode::UNAVAILABLE) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(kRetryDelaySeconds);
    return RpcStatusWithDetail(code, std::string(status.message()), retry);
  }
  return grpc::Status(code, std::string(status.message()));
}

google::rpc::Status RichStatusWithDetail(grpc::StatusCode code, const std::string& message,
                                         const google::protobuf::Message& detail) {
  google::rpc::Status rich;
  rich.set_code(code);
  rich.set_message(message);
  rich.add_details()->PackFrom(detail);
  return rich;
}

grpc::Status RpcStatusWithDetail(grpc::StatusCode code, const std::string& message,
                                 const google::protobuf::Message& detail) {
  grpc::Status status;
  grpc::SetErrorDetails(RichStatusWithDetail(code, message, detail), &status);
  return status;
}

google::rpc::Status RichInvalidArgument(const google::rpc::BadRequest& bad_request) {
  constexpr int kListed = 3;
  std::string message = "invalid request: ";
  for (int i = 0; i < bad_request.field_violations_size() && i < kListed; ++i) {
    const auto& violation = bad_request.field_violations(i);
    absl::StrAppend(&message, i > 0 ? "; " : "", violation.field(), ": ",
                    violation.description());
  }
  if (bad_request.field_violations_size() > kListed) {
    absl::StrAppend(&message, "; and ", bad_request.field_violations_size() - kListed,
                    " more (see the BadRequest detail)");
  }
  return RichStatusWithDetail(grpc::StatusCode::INVALID_ARGUMENT, message, bad_request);
}

grpc::Status InvalidArgument(const google::rpc::BadRequest& bad_request) {
  grpc::Status status;
  grpc::SetErrorDetails(RichInvalidArgument(bad_request), &status);
  return status;
}

void AddViolation(google::rpc::BadRequest& bad_request, std::string field,
                  std::string description) {
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::move(field));
  violation->set_description(std::move(description));
}

}  // namespace chancery::server
