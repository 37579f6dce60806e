// chancery group consume: a group's deliveries, printed and acknowledged as
// they come, until interrupted.

#include <iostream>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "chancery/v1/subscription_group_service.pb.h"
#include "clients/cpp/change_lines.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/interrupt_signals.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/log_lines.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

// DeliveryPrinter prints deliveries as `log` prints records and `watch` changes,
// one at a time (the consumer's handler runs so).
class DeliveryPrinter {
 public:
  explicit DeliveryPrinter(const Context& context) : context_(context) {}
  void Print(const v1::GroupDelivery& delivery) {
    if (context_.json) return PrintJsonLine(delivery, std::cout);
    if (delivery.has_record() && !header_printed_) {
      std::cout << LogHeader(context_.colour) << "\n";
      header_printed_ = true;
    }
    std::string line = delivery.has_record() ? LogLine(delivery.record(), context_.colour)
                                             : ChangeLine(delivery.change(), context_.colour);
    if (delivery.attempt() > 1) absl::StrAppend(&line, "  (attempt ", delivery.attempt(), ")");
    std::cout << line << std::endl;
  }

 private:
  const Context& context_;
  bool header_printed_ = false;
};

// Notes for people on stderr: joining, joining again, refused acknowledgements.
ConsumeOptions NotingOptions() {
  ConsumeOptions options;
  options.on_joined = [](const v1::GroupJoined& joined) {
    std::cerr << "joined as " << joined.consumer_name() << " at checkpoint "
              << joined.checkpoint() << "; consuming until interrupted" << std::endl;
  };
  options.on_rejoin = [](const Error& why) {
    std::cerr << "chancery: " << DescribeError(why) << "; joining again" << std::endl;
  };
  options.on_refused = [](const v1::RefusedAcknowledgements& refused) {
    std::cerr << "chancery: acknowledgement of position "
              << absl::StrJoin(refused.positions(), ", ") << " refused: " << refused.reason()
              << std::endl;
  };
  return options;
}

int RunGroupConsume(const Context& context, const ParsedArgs& args) {
  v1::JoinGroup join;
  join.set_group(args.positionals()[0]);
  join.set_consumer_name(args.Value("consumer-name"));
  absl::StatusOr<uint64_t> max_in_flight =
      ParseCountFlag("--max-in-flight", args.Value("max-in-flight", "0"));
  if (!max_in_flight.ok()) return ReportUsageError(max_in_flight.status());
  if (*max_in_flight > std::numeric_limits<uint32_t>::max()) {
    return ReportUsageError(absl::InvalidArgumentError("--max-in-flight is too large"));
  }
  join.set_max_in_flight(static_cast<uint32_t>(*max_in_flight));

  const InterruptSignals signals;  // Before the connection's threads start.
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  DeliveryPrinter printer(context);
  absl::Notification ended;
  ConsumeOptions options = NotingOptions();
  options.on_end = [&ended](const Result<void>&) { ended.Notify(); };
  Result<std::unique_ptr<GroupConsumer>> consumer = client->ConsumeGroup(
      join,
      [&printer](const v1::GroupDelivery& delivery, GroupConsumer& consumer) {
        printer.Print(delivery);
        // Refused or not sent (the stream broke): it is delivered again.
        consumer.Ack({delivery.position()});
        return Next::kContinue;
      },
      std::move(options));
  if (!consumer.ok()) return ReportRpcError(context, consumer.error());
  if (signals.WaitUntil(ended)) (*consumer)->Cancel();
  const Result<void> end = (*consumer)->Wait();
  return end.ok() ? kExitOk : ReportRpcError(context, end.error());
}

}  // namespace

Command GroupConsumeCommand() {
  return {{"group consume", "NAME [--consumer-name NAME] [--max-in-flight N]",
           "Consumes a group until interrupted, printing and acknowledging each event.\n"
           "It joins the group as a consumer and prints each event delivered to it as log and\n"
           "watch print them, acknowledging it once printed. SIGINT or SIGTERM makes it leave\n"
           "the group and exit 0; it joins again after a server restart.",
           {{"consumer-name", true, "NAME the consumer's name (default: one the server makes up)"},
            {"max-in-flight", true,
             "N most events held unacknowledged: 1 to 10000 (default 100)"}},
           1,
           1},
          RunGroupConsume};
}

}  // namespace chancery::cli
