// Errors as the CLI reports them: one line `chancery: <gRPC code>: <message>`
// on stderr, and the exit code that goes with it.

#ifndef CHANCERY_CLIENTS_CPP_RPC_ERROR_H_
#define CHANCERY_CLIENTS_CPP_RPC_ERROR_H_

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "clients/cpp/cli_context.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace chancery::cli {

// Exit codes (docs/contract.md, "chancery (the CLI)", "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,       // The operation failed, or a check found a problem.
  kExitUsage = 2,        // A bad flag or argument.
  kExitUnreachable = 3,  // The server could not be reached.
};

// BadRequestViolations lists the field violations of every
// google.rpc.BadRequest in `status`'s details, in order; empty when there is none.
std::vector<google::rpc::BadRequest::FieldViolation> BadRequestViolations(
    const grpc::Status& status);
// The same for a google.rpc.Status carried in a response (RecordResult.error).
std::vector<google::rpc::BadRequest::FieldViolation> BadRequestViolations(
    const google::rpc::Status& rich);

// DescribeStatus is "<CODE>: <message>", on one line. When the status
// carries a google.rpc.BadRequest, the message lists every field violation
// ("events[0].cameo_code: ...; events[2].occur_date: ...") instead of the
// server's summary of the first few.
std::string DescribeStatus(const grpc::Status& status);

// ReportRpcError prints `status` (adding the unreachable hint to UNAVAILABLE
// errors that lack it) and returns its exit code: kExitUnreachable for
// UNAVAILABLE, kExitFailed otherwise.
int ReportRpcError(const Context& context, const grpc::Status& status);

// ReportLocalError prints a failure of the CLI itself (a file it cannot
// read or write) and returns kExitFailed.
int ReportLocalError(const absl::Status& status);

// ReportUsageError prints `status` (a local INVALID_ARGUMENT) and returns
// kExitUsage.
int ReportUsageError(const absl::Status& status);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_RPC_ERROR_H_
