// Errors as the CLI reports them: one line `chancery: <gRPC code>: <message>`
// on stderr, and the exit code that goes with it.

#ifndef CHANCERY_CLIENTS_CPP_RPC_ERROR_H_
#define CHANCERY_CLIENTS_CPP_RPC_ERROR_H_

#include <string>

#include "absl/status/status.h"
#include "chancery/error.h"
#include "clients/cpp/cli_context.h"

namespace chancery::cli {

// Exit codes (docs/contract.md, "chancery (the CLI)", "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,       // The operation failed, or a check found a problem.
  kExitUsage = 2,        // A bad flag or argument.
  kExitUnreachable = 3,  // The server could not be reached.
};

// DescribeError is Error::ToString, which lists every field violation
// instead of the server's summary of the first few, with a hint for an
// UNIMPLEMENTED that says nothing.
std::string DescribeError(const Error& error);

// ReportRpcError prints `error` (adding the unreachable hint to UNAVAILABLE
// errors that lack it) and returns its exit code: kExitUnreachable for
// UNAVAILABLE, kExitFailed otherwise.
int ReportRpcError(const Context& context, const Error& error);

// ReportLocalError prints a failure of the CLI itself (a file it cannot
// read or write) and returns kExitFailed.
int ReportLocalError(const absl::Status& status);

// ReportUsageError prints `status` (a local INVALID_ARGUMENT) and returns
// kExitUsage.
int ReportUsageError(const absl::Status& status);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_RPC_ERROR_H_
