// chancery log: the raw log in global order, optionally followed live.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/log_lines.h"
#include "clients/cpp/resuming_stream.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

// Printer prints records up to --limit and says when the limit is reached.
class Printer {
 public:
  Printer(const Context& context, uint64_t limit) : context_(context), limit_(limit) {}
  bool Done() const { return limit_ != 0 && printed_ >= limit_; }
  void Print(const v1::LogRecord& record) {
    if (!context_.json && printed_ == 0) std::cout << LogHeader(context_.colour) << "\n";
    if (context_.json) {
      PrintJsonLine(record, std::cout);
    } else {
      std::cout << LogLine(record, context_.colour) << std::endl;
    }
    ++printed_;
  }

 private:
  const Context& context_;
  const uint64_t limit_;  // 0: no limit.
  uint64_t printed_ = 0;
};

int ReadPages(const Context& context, v1::EventLogService::Stub& stub, uint64_t from,
              Printer& printer) {
  v1::ReadLogRequest request;
  request.set_start_position(from);
  request.set_page_size(1000);
  do {
    grpc::ClientContext call;
    SetDeadline(call);
    v1::ReadLogResponse response;
    if (grpc::Status status = stub.ReadLog(&call, request, &response); !status.ok()) {
      return ReportRpcError(context, status);
    }
    for (const v1::LogRecord& record : response.records()) {
      if (printer.Done()) return kExitOk;
      printer.Print(record);
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() && !printer.Done());
  return kExitOk;
}

int Follow(const Context& context, v1::EventLogService::Stub& stub, uint64_t from,
           Printer& printer) {
  StreamCalls<v1::SubscribeLogResponse> calls;
  calls.open = [&stub](grpc::ClientContext* call, uint64_t after) {
    v1::SubscribeLogRequest request;
    request.set_after_position(after);
    return stub.SubscribeLog(call, request);
  };
  calls.handle = [&printer](const v1::SubscribeLogResponse& message, uint64_t* position) {
    if (message.has_caught_up()) *position = message.caught_up().position();
    if (message.has_checkpoint()) *position = message.checkpoint().position();
    for (const v1::LogRecord& record : message.records().records()) {
      if (printer.Done()) return StreamStep::kStop;
      printer.Print(record);
      *position = record.position();
    }
    return printer.Done() ? StreamStep::kStop : StreamStep::kContinue;
  };
  return FollowStream(context, calls, from == 0 ? 0 : from - 1);
}

int RunLog(const Context& context, const ParsedArgs& args) {
  absl::StatusOr<uint64_t> from = ParseCountFlag("--from-position", args.Value("from-position", "1"));
  if (!from.ok()) return ReportUsageError(from.status());
  absl::StatusOr<uint64_t> limit = ParseCountFlag("--limit", args.Value("limit", "0"));
  if (!limit.ok()) return ReportUsageError(limit.status());
  std::shared_ptr<grpc::Channel> channel;
  if (grpc::Status status = Connect(context, &channel); !status.ok()) {
    return ReportRpcError(context, status);
  }
  auto stub = v1::EventLogService::NewStub(channel);
  Printer printer(context, *limit);
  if (args.Has("follow")) return Follow(context, *stub, *from, printer);
  return ReadPages(context, *stub, *from, printer);
}

}  // namespace

Command LogCommand() {
  return {{"log", "[--from-position N] [--limit K] [--follow]",
           "The raw log in global order: every event and retraction as recorded.",
           {{"from-position", true, "N first position to print (default 1)"},
            {"limit", true, "K print at most K records (default: no limit)"},
            {"follow", false,
             "keep printing records as they are recorded (SubscribeLog), across server restarts"}}},
          RunLog};
}

}  // namespace chancery::cli
