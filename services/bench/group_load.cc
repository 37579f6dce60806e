#include "services/bench/group_load.h"

#include <chrono>

#include "absl/time/clock.h"
#include "chancery/client.h"
#include "google/protobuf/util/time_util.h"

namespace chancery::bench {
namespace {

constexpr int kGroupBatch = 10;

// Countries whose pairs spread the group scenario's events over 276 dyads:
// a group delivers each dyad's events one at a time, so, as in the world's
// data, its throughput comes from many dyads at once.
constexpr const char* kCountries[] = {"USA", "CHN", "RUS", "FRA", "DEU", "GBR", "JPN", "KOR",
                                      "IND", "PAK", "BRA", "MEX", "CAN", "AUS", "ZAF", "NGA",
                                      "EGY", "TUR", "IRN", "ISR", "SAU", "IDN", "VNM", "THA"};

v1::DiplomaticEvent ManyDyadsEvent(int i) {
  constexpr int kCount = sizeof(kCountries) / sizeof(kCountries[0]);
  v1::DiplomaticEvent event = LoadEvent(i, 7);
  int pair = i % (kCount * (kCount - 1) / 2);
  int first = 0;
  while (pair >= kCount - 1 - first) pair -= kCount - 1 - first++;
  event.mutable_source()->set_code(kCountries[first]);
  event.mutable_target()->set_code(kCountries[first + 1 + pair]);
  return event;
}

std::unique_ptr<v1::SubscriptionGroupService::Stub> GroupStub(
    const testing::ChancerydProcess& server) {
  return v1::SubscriptionGroupService::NewStub(NewChannel(server.address(), 2000));
}

}  // namespace

AckingConsumer::AckingConsumer(const std::string& address, int index, const std::string& group)
    : stub_(v1::SubscriptionGroupService::NewStub(NewChannel(address, 3000 + index))),
      stream_(stub_->ConsumeGroup(&context_)) {
  v1::ConsumeGroupRequest join;
  join.mutable_join()->set_group(group);
  join.mutable_join()->set_max_in_flight(1000);
  if (!stream_->Write(join)) Die("cannot join the group");
  latencies_ms_.reserve(100000);
  thread_ = std::thread([this] { Run(); });
}

AckingConsumer::~AckingConsumer() { Stop(); }

void AckingConsumer::Stop() {
  if (!thread_.joinable()) return;
  context_.TryCancel();
  thread_.join();
}

void AckingConsumer::Run() {
  v1::ConsumeGroupResponse message;
  while (stream_->Read(&message)) {
    if (message.has_joined()) joined_ = true;
    if (!message.has_deliveries()) continue;
    v1::ConsumeGroupRequest ack;
    for (const v1::GroupDelivery& delivery : message.deliveries().deliveries()) {
      ack.mutable_ack()->add_positions(delivery.position());
    }
    if (!stream_->Write(ack)) return;
    const int64_t now_us = absl::ToUnixMicros(absl::Now());
    for (const v1::GroupDelivery& delivery : message.deliveries().deliveries()) {
      const int64_t committed_us = google::protobuf::util::TimeUtil::TimestampToMicroseconds(
          delivery.record().record_time());
      latencies_ms_.push_back((now_us - committed_us) / 1000.0);
    }
    acked_ += message.deliveries().deliveries_size();
  }
}

void CreateLogGroup(const testing::ChancerydProcess& server, const std::string& name) {
  grpc::ClientContext context;
  v1::CreateGroupRequest request;
  request.mutable_group()->set_name(name);
  request.mutable_group()->set_source(v1::GROUP_SOURCE_LOG);
  v1::CreateGroupResponse response;
  const grpc::Status created = GroupStub(server)->CreateGroup(&context, request, &response);
  if (!created.ok()) Die("CreateGroup failed: " + created.error_message());
}

uint64_t GroupLag(const testing::ChancerydProcess& server, const std::string& name) {
  grpc::ClientContext context;
  v1::GetGroupRequest request;
  request.set_name(name);
  v1::GetGroupResponse response;
  const grpc::Status got = GroupStub(server)->GetGroup(&context, request, &response);
  if (!got.ok()) Die("GetGroup failed: " + got.error_message());
  return response.state().lag();
}

GroupKeepUpResult GroupKeepUp(const testing::ChancerydProcess& server, int consumers, int rate,
                              int seconds) {
  const std::string group = "keep-up";
  CreateLogGroup(server, group);
  std::vector<std::unique_ptr<AckingConsumer>> members;
  for (int i = 0; i < consumers; ++i) {
    members.push_back(std::make_unique<AckingConsumer>(server.address(), i, group));
  }
  for (const auto& member : members) {
    while (!member->joined()) absl::SleepFor(absl::Milliseconds(5));
  }
  const Client recorder(NewChannel(server.address(), 4000));
  GroupKeepUpResult result;
  const int calls = rate * seconds / kGroupBatch;
  std::atomic<int> answered{0};
  std::atomic<bool> failed{false};
  const auto start = std::chrono::steady_clock::now();
  auto next_sample = start;
  for (int call = 0; call < calls; ++call) {
    std::this_thread::sleep_until(start +
                                  std::chrono::microseconds(call * 1000000LL * kGroupBatch / rate));
    v1::RecordEventsRequest request;
    for (int i = 0; i < kGroupBatch; ++i) {
      *request.add_events() = ManyDyadsEvent(call * kGroupBatch + i);
    }
    RecordAsync(recorder, std::move(request), [&](bool ok) {
      if (!ok) failed = true;
      ++answered;
    });
    if (std::chrono::steady_clock::now() >= next_sample) {
      result.max_lag = std::max(result.max_lag, GroupLag(server, group));
      next_sample += std::chrono::milliseconds(100);
    }
  }
  while (answered < calls) absl::SleepFor(absl::Milliseconds(1));
  if (failed) Die("recording for the group failed");
  const double recording_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.recorded = static_cast<uint64_t>(calls) * kGroupBatch;
  result.recorded_rate = result.recorded / recording_seconds;
  Stopwatch drain;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  auto acked = [&] {
    uint64_t total = 0;
    for (const auto& member : members) total += member->acked();
    return total;
  };
  while (acked() < result.recorded && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(1));
  }
  result.drain_seconds = drain.Seconds();
  std::vector<double> all;
  for (auto& member : members) {
    member->Stop();
    all.insert(all.end(), member->latencies_ms().begin(), member->latencies_ms().end());
  }
  result.acked = acked();
  result.commit_to_ack_ms = ComputePercentiles(all);
  return result;
}

}  // namespace chancery::bench
