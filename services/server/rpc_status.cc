#include "services/server/rpc_status.h"

#include <grpcpp/support/error_details.h>

#include "absl/strings/str_cat.h"
#include "services/domain/text.h"

namespace chancery::server {
namespace {

// When a client may retry a request the server answered UNAVAILABLE: the
// store's recovery probe runs about once a second.
constexpr int64_t kRetryDelaySeconds = 1;

// How many violations the message of an INVALID_ARGUMENT names.
constexpr int kViolationsInMessage = 3;

// absl::StatusCode and grpc::StatusCode share their numbers (both are
// google.rpc.Code).
grpc::StatusCode GrpcCode(absl::StatusCode code) { return static_cast<grpc::StatusCode>(code); }

grpc::Status Packed(const google::rpc::Status& rich) {
  grpc::Status status;
  grpc::SetErrorDetails(rich, &status);
  return status;
}

}  // namespace

grpc::Status RpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  if (status.code() == absl::StatusCode::kUnavailable) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(kRetryDelaySeconds);
    return RpcStatusWithDetail(status.code(), std::string(status.message()), retry);
  }
  return grpc::Status(GrpcCode(status.code()), std::string(status.message()));
}

grpc::Status RpcStatus(const domain::Violations& violations) {
  return Packed(RichStatus(violations));
}

grpc::Status RpcStatusWithDetail(absl::StatusCode code, const std::string& message,
                                 const google::protobuf::Message& detail) {
  return Packed(RichStatusWithDetail(code, message, detail));
}

google::rpc::Status RichStatusWithDetail(absl::StatusCode code, const std::string& message,
                                         const google::protobuf::Message& detail) {
  google::rpc::Status rich;
  rich.set_code(static_cast<int>(code));
  rich.set_message(message);
  rich.add_details()->PackFrom(detail);
  return rich;
}

google::rpc::Status RichStatus(const domain::Violations& violations) {
  const google::rpc::BadRequest bad_request = BadRequestOf(violations);
  std::string message = "invalid request: ";
  for (int i = 0; i < bad_request.field_violations_size() && i < kViolationsInMessage; ++i) {
    const auto& violation = bad_request.field_violations(i);
    absl::StrAppend(&message, i > 0 ? "; " : "", violation.field(), ": ",
                    violation.description());
  }
  if (violations.size() > kViolationsInMessage) {
    absl::StrAppend(&message, "; and ", violations.size() - kViolationsInMessage,
                    " more (see the BadRequest detail)");
  }
  return RichStatusWithDetail(absl::StatusCode::kInvalidArgument, message, bad_request);
}

google::rpc::BadRequest BadRequestOf(const domain::Violations& violations, size_t byte_budget) {
  google::rpc::BadRequest bad_request;
  size_t bytes = 0;
  size_t kept = 0;
  for (const domain::FieldViolation& violation : violations.field_violations()) {
    // Field tag and length bytes: a few per string, at most ~8 per violation.
    const size_t size = violation.field.size() + violation.description.size() + 8;
    if (bytes + size > byte_budget) break;
    bytes += size;
    ++kept;
    auto* kept_violation = bad_request.add_field_violations();
    kept_violation->set_field(violation.field);
    kept_violation->set_description(violation.description);
  }
  if (const size_t dropped = violations.size() - kept; dropped > 0) {
    auto* count = bad_request.add_field_violations();
    count->set_field(violations.scope());
    count->set_description(absl::StrCat(
        domain::WithThousands(dropped), " more violation", dropped == 1 ? "" : "s",
        " not listed; fix those above and send the request again to see them"));
  }
  return bad_request;
}

}  // namespace chancery::server
