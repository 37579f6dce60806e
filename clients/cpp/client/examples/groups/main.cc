// chancery_group_example: creates a subscription group of the events with
// Cambodia, consumes it, acknowledging each event once handled, records
// three events, waits until the group's checkpoint has passed them, then
// leaves and deletes the group.
//
// Usage: chancery_group_example [HOST:PORT]   (default 127.0.0.1:50051)

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

// The consumer's handler runs on another thread: each line is written whole.
void PrintLine(const std::string& line) {
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  std::cout << line << "\n";
}

std::string NewEventId() {
  std::random_device seed;
  std::mt19937_64 random(seed());
  const uint64_t high = random(), low = random();
  return absl::StrFormat("%08x-%04x-4%03x-8%03x-%012x", high >> 32, (high >> 16) & 0xffff,
                         high & 0xfff, (low >> 48) & 0xfff, low & 0xffffffffffff);
}

}  // namespace

int main(int argc, char** argv) {
  const chancery::Client client(argc > 1 ? argv[1] : "127.0.0.1:50051");
  chancery::CallOptions options;
  options.timeout = absl::Seconds(10);

  // Creating the same group again is not an error, so a service may create
  // its group each time it starts. Unless told otherwise, it starts at the
  // head of the log: only events recorded from now on.
  chancery::v1::CreateGroupRequest create;
  create.mutable_group()->set_name("example.cambodia");
  create.mutable_group()->set_source(chancery::v1::GROUP_SOURCE_LOG);
  create.mutable_group()->mutable_log_filter()->add_actor_codes("KHM");
  auto created = client.CreateGroup(create, options);
  if (!created.ok()) {
    std::cerr << "create group: " << created.error() << "\n";
    return 1;
  }

  // Join it: the server shares the group's events among its consumers (run
  // several), each stream's events going to one of them in order.
  chancery::v1::JoinGroup join;
  join.set_group("example.cambodia");
  auto consumer = client.ConsumeGroup(
      join, [](const chancery::v1::GroupDelivery& delivery, chancery::GroupConsumer& consumer) {
        PrintLine(absl::StrCat("delivered position ", delivery.position(), " (attempt ",
                               delivery.attempt(), ") in ", delivery.record().stream()));
        // Done: the group's checkpoint may pass it. An event not acknowledged
        // is delivered again, to this consumer or another.
        consumer.Ack({delivery.position()});
        return chancery::Next::kContinue;
      });
  if (!consumer.ok()) {
    std::cerr << "join: " << consumer.error() << "\n";
    return 1;
  }

  chancery::v1::RecordEventsRequest record;
  for (const char* partner : {"USA", "THA", "VNM"}) {
    chancery::v1::DiplomaticEvent& event = *record.add_events();
    event.set_event_id(NewEventId());
    event.mutable_occur_date()->set_year(2019);
    event.mutable_occur_date()->set_month(12);
    event.mutable_occur_date()->set_day(2);
    event.mutable_source()->set_code(partner);
    event.mutable_target()->set_code("KHM");
    event.set_cameo_code("042");  // Make a visit.
  }
  auto recorded = client.RecordEvents(record, options);
  if (!recorded.ok()) {
    std::cerr << "record: " << recorded.error() << "\n";
    return 1;
  }
  const uint64_t last = recorded->results(2).position();

  // The acknowledgements travel on the consumer's stream; the checkpoint
  // moves once the server has them.
  chancery::v1::GetGroupRequest get;
  get.set_name("example.cambodia");
  uint64_t checkpoint = 0;
  for (const absl::Time deadline = absl::Now() + absl::Seconds(10);
       checkpoint < last && absl::Now() < deadline; absl::SleepFor(absl::Milliseconds(50))) {
    auto group = client.GetGroup(get, options);
    if (group.ok()) checkpoint = group->state().checkpoint();
  }
  PrintLine(absl::StrCat("group checkpoint ", checkpoint));

  // Leave (what is still held goes to the other consumers), then delete.
  (*consumer)->Cancel();
  if (auto ended = (*consumer)->Wait(); !ended.ok()) {
    std::cerr << "consumer: " << ended.error() << "\n";
    return 1;
  }
  chancery::v1::DeleteGroupRequest remove;
  remove.set_name("example.cambodia");
  if (auto deleted = client.DeleteGroup(remove, options); !deleted.ok()) {
    std::cerr << "delete group: " << deleted.error() << "\n";
    return 1;
  }
  return checkpoint >= last ? 0 : 1;
}
