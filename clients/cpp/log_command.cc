// chancery log: the raw log in global order, optionally followed live.

#include <iostream>

#include "absl/strings/str_cat.h"
#include "chancery/v1/event_log_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/follow_stream.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/log_lines.h"
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

int ReadPages(const Context& context, const Client& client, uint64_t from, Printer& printer) {
  v1::ReadLogRequest request;
  request.set_start_position(from);
  request.set_page_size(1000);
  do {
    Result<v1::ReadLogResponse> response = client.ReadLog(request, WithTimeout());
    if (!response.ok()) return ReportRpcError(context, response.error());
    for (const v1::LogRecord& record : response->records()) {
      if (printer.Done()) return kExitOk;
      printer.Print(record);
    }
    request.set_page_token(response->next_page_token());
  } while (!request.page_token().empty() && !printer.Done());
  return kExitOk;
}

int Follow(const Context& context, const Client& client, uint64_t from, Printer& printer) {
  v1::SubscribeLogRequest request;
  request.set_after_position(from == 0 ? 0 : from - 1);
  auto print = [&printer](const v1::SubscribeLogResponse& message) {
    for (const v1::LogRecord& record : message.records().records()) {
      if (printer.Done()) break;
      printer.Print(record);
    }
    return printer.Done() ? Next::kStop : Next::kContinue;
  };
  return FollowStream(context, client.SubscribeLog(request, print, FollowOptions()));
}

int RunLog(const Context& context, const ParsedArgs& args) {
  absl::StatusOr<uint64_t> from = ParseCountFlag("--from-position", args.Value("from-position", "1"));
  if (!from.ok()) return ReportUsageError(from.status());
  absl::StatusOr<uint64_t> limit = ParseCountFlag("--limit", args.Value("limit", "0"));
  if (!limit.ok()) return ReportUsageError(limit.status());
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Printer printer(context, *limit);
  if (args.Has("follow")) return Follow(context, *client, *from, printer);
  return ReadPages(context, *client, *from, printer);
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
