#include "clients/cpp/rpc_error.h"

#include <algorithm>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/rpc/status.pb.h"

namespace chancery::cli {
namespace {

// The google.rpc.Status in `status`'s details; empty when there is none.
google::rpc::Status RichStatus(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!status.error_details().empty() && !rich.ParseFromString(status.error_details())) {
    rich.Clear();
  }
  return rich;
}

std::string OneLine(std::string text) {
  return absl::StrReplaceAll(text, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

std::string CodeName(grpc::StatusCode code) {
  // gRPC's and Abseil's codes share numbers and names.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

// The field violations of the BadRequest in `status`'s details, or "".
std::string FieldViolations(const grpc::Status& status) {
  std::string text;
  for (const auto& violation : BadRequestViolations(status)) {
    absl::StrAppend(&text, text.empty() ? "" : "; ", violation.field(), ": ",
                    violation.description());
  }
  return text;
}

// Whether chanceryd itself answered `status`: its UNAVAILABLE carries a
// google.rpc.RetryInfo, gRPC's own (no connection) does not.
bool AnsweredByServer(const grpc::Status& status) {
  const google::rpc::Status rich = RichStatus(status);
  return std::any_of(rich.details().begin(), rich.details().end(),
                     [](const auto& any) { return any.template Is<google::rpc::RetryInfo>(); });
}

}  // namespace

std::vector<google::rpc::BadRequest::FieldViolation> BadRequestViolations(
    const grpc::Status& status) {
  return BadRequestViolations(RichStatus(status));
}

std::vector<google::rpc::BadRequest::FieldViolation> BadRequestViolations(
    const google::rpc::Status& rich) {
  std::vector<google::rpc::BadRequest::FieldViolation> violations;
  for (const auto& any : rich.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    violations.insert(violations.end(), bad_request.field_violations().begin(),
                      bad_request.field_violations().end());
  }
  return violations;
}

std::string DescribeStatus(const grpc::Status& status) {
  std::string message = FieldViolations(status);
  if (message.empty()) message = status.error_message();
  if (message.empty() && status.error_code() == grpc::StatusCode::UNIMPLEMENTED) {
    message = "this chanceryd does not serve the call (it may be older than this chancery)";
  }
  return OneLine(absl::StrCat(CodeName(status.error_code()), ": ", message));
}

int ReportRpcError(const Context& context, const grpc::Status& status) {
  std::string line = DescribeStatus(status);
  const bool unavailable = status.error_code() == grpc::StatusCode::UNAVAILABLE;
  // chanceryd's own UNAVAILABLE carries a RetryInfo: it is running, and
  // cannot do this now (its store cannot write, or it is stopping).
  const bool unreachable = unavailable && !AnsweredByServer(status);
  if (unavailable && !unreachable) {
    absl::StrAppend(&line, " (chanceryd is running but cannot do this now; try again later)");
  } else if (unreachable && line.find("is chanceryd running") == std::string::npos) {
    absl::StrAppend(&line, " (", UnreachableHint(context), ")");
  }
  std::cerr << "chancery: " << line << std::endl;
  return unreachable ? kExitUnreachable : kExitFailed;
}

int ReportLocalError(const absl::Status& status) {
  std::cerr << "chancery: " << absl::StatusCodeToString(status.code()) << ": "
            << OneLine(std::string(status.message())) << std::endl;
  return kExitFailed;
}

int ReportUsageError(const absl::Status& status) {
  std::cerr << "chancery: INVALID_ARGUMENT: " << OneLine(std::string(status.message()))
            << std::endl;
  return kExitUsage;
}

}  // namespace chancery::cli
