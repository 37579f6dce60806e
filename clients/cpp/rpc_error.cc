#include "clients/cpp/rpc_error.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace chancery::cli {
namespace {

std::string OneLine(std::string text) {
  return absl::StrReplaceAll(text, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

}  // namespace

std::string DescribeError(const Error& error) {
  if (error.message().empty() && error.code() == grpc::StatusCode::UNIMPLEMENTED) {
    return "UNIMPLEMENTED: this chanceryd does not serve the call (it may be older than this "
           "chancery)";
  }
  return error.ToString();
}

int ReportRpcError(const Context& context, const Error& error) {
  std::string line = DescribeError(error);
  const bool unavailable = error.code() == grpc::StatusCode::UNAVAILABLE;
  // chanceryd's own UNAVAILABLE carries a RetryInfo: it is running, and
  // cannot do this now (its store cannot write, or it is stopping); gRPC's
  // own (no connection) does not.
  const bool unreachable = unavailable && !error.retry_delay().has_value();
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
