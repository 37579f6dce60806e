#include "chancery/error.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace chancery {

Error Error::FromStatus(const grpc::Status& status) {
  google::rpc::Status details;
  if (!status.error_details().empty() && !details.ParseFromString(status.error_details())) {
    details.Clear();
  }
  // The transport's code and message are the call's, whatever the details say.
  details.set_code(static_cast<int>(status.error_code()));
  details.set_message(status.error_message());
  return Error(std::move(details));
}

Error Error::FromRpcStatus(const google::rpc::Status& status) { return Error(status); }

Error::Error(grpc::StatusCode code, std::string message) {
  details_.set_code(static_cast<int>(code));
  details_.set_message(std::move(message));
}

std::vector<google::rpc::BadRequest::FieldViolation> Error::field_violations() const {
  std::vector<google::rpc::BadRequest::FieldViolation> violations;
  for (const auto& any : details_.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    violations.insert(violations.end(), bad_request.field_violations().begin(),
                      bad_request.field_violations().end());
  }
  return violations;
}

std::optional<absl::Duration> Error::retry_delay() const {
  const std::optional<google::rpc::RetryInfo> retry = Find<google::rpc::RetryInfo>();
  if (!retry) return std::nullopt;
  return absl::Seconds(retry->retry_delay().seconds()) +
         absl::Nanoseconds(retry->retry_delay().nanos());
}

std::string Error::ToString() const {
  std::string text;
  for (const auto& violation : field_violations()) {
    absl::StrAppend(&text, text.empty() ? "" : "; ", violation.field(), ": ",
                    violation.description());
  }
  if (text.empty()) text = message();
  // gRPC's and Abseil's codes share numbers and names.
  text = absl::StrCat(absl::StatusCodeToString(static_cast<absl::StatusCode>(code())), ": ", text);
  return absl::StrReplaceAll(text, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

grpc::Status Error::ToGrpcStatus() const {
  return grpc::Status(code(), message(), details_.SerializeAsString());
}

std::ostream& operator<<(std::ostream& out, const Error& error) { return out << error.ToString(); }

}  // namespace chancery
