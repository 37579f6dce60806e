// chancery_example: records an event, reads where the relationship stands,
// shows what a bad request's error says, and follows the log from its head.
//
// Usage: chancery_example [HOST:PORT]   (default 127.0.0.1:50051)

#include <chancery/client.h>

#include <cstdint>
#include <iostream>
#include <mutex>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace {

// The subscription's handler runs on another thread: each line is written
// whole, so that its output and main's do not interleave.
void PrintLine(const std::string& line) {
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  std::cout << line << "\n";
}

// A fresh random UUID, so that each run records a new event.
std::string NewEventId() {
  std::random_device seed;
  std::mt19937_64 random(seed());
  const uint64_t high = random(), low = random();
  return absl::StrFormat("%08x-%04x-4%03x-8%03x-%012x", high >> 32, (high >> 16) & 0xffff,
                         high & 0xfff, (low >> 48) & 0xfff, low & 0xffffffffffff);
}

chancery::v1::DiplomaticEvent Visit(const std::string& id) {
  chancery::v1::DiplomaticEvent event;
  event.set_event_id(id);
  event.mutable_occur_date()->set_year(2019);
  event.mutable_occur_date()->set_month(11);
  event.mutable_occur_date()->set_day(25);
  event.mutable_source()->set_code("USA");
  event.mutable_target()->set_code("KHM");
  event.set_cameo_code("036");  // Express intent to meet or negotiate.
  event.set_summary("The two governments agreed to resume talks on demining.");
  return event;
}

}  // namespace

int main(int argc, char** argv) {
  const chancery::Client client(argc > 1 ? argv[1] : "127.0.0.1:50051");
  chancery::CallOptions options;
  options.timeout = absl::Seconds(10);
  options.metadata = {{"x-request-source", "chancery-example"}};

  // Follow the log from its head: the handler sees a CaughtUp marker, then
  // each record committed from now on, across server restarts.
  chancery::SubscribeOptions follow;
  follow.from_head = true;
  auto subscription = client.SubscribeLog(
      {},
      [](const chancery::v1::SubscribeLogResponse& message) {
        if (message.has_caught_up()) {
          PrintLine(absl::StrCat("caught up at position ", message.caught_up().position()));
        }
        for (const auto& record : message.records().records()) {
          PrintLine(absl::StrCat("committed: position ", record.position(), " in ", record.stream()));
        }
        return chancery::Next::kContinue;
      },
      follow);
  if (!subscription.ok()) {
    std::cerr << "subscribe: " << subscription.error() << "\n";
    return 1;
  }
  (*subscription)->WaitUntilCaughtUp(absl::Seconds(10));

  // Record an event.
  chancery::v1::RecordEventsRequest record;
  *record.add_events() = Visit(NewEventId());
  chancery::Result<chancery::v1::RecordEventsResponse> recorded = client.RecordEvents(record, options);
  if (!recorded.ok()) {
    std::cerr << "record: " << recorded.error() << "\n";
    return 1;
  }
  const uint64_t position = recorded->results(0).position();
  PrintLine(absl::StrCat("recorded at position ", position));

  // Where the relationship stands now.
  chancery::v1::GetRelationshipRequest get;
  get.set_dyad("USA-KHM");
  auto relationship = client.GetRelationship(get, options);
  if (!relationship.ok()) {
    std::cerr << "relationship: " << relationship.error() << "\n";
    return 1;
  }
  PrintLine(absl::StrCat(relationship->relationship().dyad(), ": score ",
                         relationship->relationship().score(), ", ",
                         relationship->relationship().event_count(), " events"));

  // A bad request: the error names each bad field.
  chancery::v1::RecordEventsRequest bad;
  *bad.add_events() = Visit("not-a-uuid");
  bad.mutable_events(0)->set_cameo_code("9999");
  auto refused = client.RecordEvents(bad, options);
  if (refused.ok()) {
    std::cerr << "a bad request was accepted\n";
    return 1;
  }
  PrintLine("refused: " + refused.error().message());
  for (const auto& violation : refused.error().field_violations()) {
    PrintLine(absl::StrCat("  ", violation.field(), ": ", violation.description()));
  }

  // Stop once the subscription has delivered our record.
  while ((*subscription)->position() < position) absl::SleepFor(absl::Milliseconds(10));
  (*subscription)->Cancel();
  chancery::Result<void> ended = (*subscription)->Wait();
  if (!ended.ok()) {
    std::cerr << "subscription: " << ended.error() << "\n";
    return 1;
  }
  return 0;
}
