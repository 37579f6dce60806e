// chancery_load: a closed-loop load client for chanceryd (issue #3's figures).
//
// It starts its own chanceryd (full durability, a fresh database in the
// working directory) and measures, in one run:
//   1. RecordEvents in batches of 100 from 4 concurrent clients: events/s,
//      against the event store's own batched append (in process, same
//      payloads, same durability) measured first in the same run;
//   2. single-event RecordEvents with 64 calls in flight: events/s, p50/p99;
//   3. fan-out: 1,000 SubscribeLog subscribers while events are recorded at
//      1,000/s: p50/p99 from commit (the record's record_time) to receipt.
//
// Usage: build/bin/chancery_load [--scenario=all|batched|single|fanout]

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "services/bench/load_support.h"

namespace chancery::bench {
namespace {

constexpr int kBatchedEvents = 100000;
constexpr int kBatchSize = 100;
constexpr int kBatchedClients = 4;
constexpr int kSingleEvents = 20000;
constexpr int kSingleInFlight = 64;
constexpr int kSubscribers = 1000;
constexpr int kFanoutRate = 1000;  // Events per second.
constexpr absl::Duration kFanoutDuration = absl::Seconds(10);

double BatchedRate(const std::string& address) {
  std::vector<std::unique_ptr<v1::RelationsService::Stub>> stubs;
  for (int c = 0; c < kBatchedClients; ++c) stubs.push_back(v1::RelationsService::NewStub(NewChannel(address, c)));
  ClosedLoop loop(kBatchedClients, kBatchedEvents / kBatchSize);
  Stopwatch clock;
  loop.Run([&](int call, int slot, std::function<void(bool)> done) {
    v1::RecordEventsRequest request;
    for (int i = 0; i < kBatchSize; ++i) *request.add_events() = LoadEvent(call * kBatchSize + i, 1);
    RecordAsync(stubs[slot].get(), std::move(request), std::move(done));
  });
  return kBatchedEvents / clock.Seconds();
}

struct SingleResult {
  double rate;
  Percentiles latency_ms;
};

SingleResult SingleRate(const std::string& address) {
  auto stub = v1::RelationsService::NewStub(NewChannel(address, 100));
  ClosedLoop loop(kSingleInFlight, kSingleEvents);
  std::vector<double> latencies(kSingleEvents);
  Stopwatch clock;
  loop.Run([&](int call, int, std::function<void(bool)> done) {
    v1::RecordEventsRequest request;
    *request.add_events() = LoadEvent(call, 2);
    const auto start = std::chrono::steady_clock::now();
    RecordAsync(stub.get(), std::move(request), [=, &latencies](bool ok) {
      latencies[call] =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      done(ok);
    });
  });
  return {kSingleEvents / clock.Seconds(), ComputePercentiles(latencies)};
}

// A subscriber that records how long each record took from commit to here.
class LatencyReader : public grpc::ClientReadReactor<v1::SubscribeLogResponse> {
 public:
  LatencyReader(v1::EventLogService::Stub* stub, uint64_t after, std::atomic<int>* caught_up)
      : caught_up_(caught_up) {
    request_.set_after_position(after);
    latencies_.reserve(20000);
    stub->async()->SubscribeLog(&context_, &request_, this);
    StartRead(&message_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (message_.has_caught_up()) {
      ++*caught_up_;
    } else {
      const int64_t now_us = absl::ToUnixMicros(absl::Now());
      for (const auto& record : message_.records().records()) {
        const auto& time = record.record_time();
        const int64_t committed_us = time.seconds() * 1000000 + time.nanos() / 1000;
        latencies_.push_back((now_us - committed_us) / 1000.0);
      }
    }
    StartRead(&message_);
  }
  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
    done_ = true;
    finished_.notify_all();
  }
  void Stop() {
    context_.TryCancel();
    std::unique_lock<std::mutex> lock(mutex_);
    finished_.wait(lock, [this] { return done_; });
  }
  const std::vector<double>& latencies() const { return latencies_; }
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext context_;
  v1::SubscribeLogRequest request_;
  v1::SubscribeLogResponse message_;
  std::atomic<int>* caught_up_;
  std::vector<double> latencies_;
  std::mutex mutex_;
  std::condition_variable finished_;
  bool done_ = false;
  grpc::Status status_;
};

struct FanoutResult {
  double recorded_rate;
  size_t deliveries;
  size_t expected_deliveries;
  int ended_early;
  Percentiles latency_ms;
};

FanoutResult Fanout(const std::string& address) {
  std::vector<std::unique_ptr<v1::EventLogService::Stub>> stubs;
  for (int c = 0; c < 10; ++c) stubs.push_back(v1::EventLogService::NewStub(NewChannel(address, 200 + c)));
  auto recorder = v1::RelationsService::NewStub(NewChannel(address, 300));
  uint64_t head = 0;
  {
    v1::ReadLogRequest request;
    request.set_start_position(UINT64_MAX);
    grpc::ClientContext context;
    v1::ReadLogResponse response;
    if (!stubs[0]->ReadLog(&context, request, &response).ok()) Die("ReadLog failed");
    head = response.head_position();
  }
  std::atomic<int> caught_up{0};
  std::vector<std::unique_ptr<LatencyReader>> readers;
  for (int i = 0; i < kSubscribers; ++i) {
    readers.push_back(std::make_unique<LatencyReader>(stubs[i % stubs.size()].get(), head, &caught_up));
  }
  while (caught_up < kSubscribers) absl::SleepFor(absl::Milliseconds(10));

  // Record at a fixed rate, one event per call, from a paced loop.
  const int total = static_cast<int>(absl::ToDoubleSeconds(kFanoutDuration) * kFanoutRate);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(i * 1000000LL / kFanoutRate));
    v1::RecordEventsRequest request;
    *request.add_events() = LoadEvent(i, 3);
    grpc::ClientContext context;
    v1::RecordEventsResponse response;
    if (!recorder->RecordEvents(&context, request, &response).ok()) Die("fan-out record failed");
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  absl::SleepFor(absl::Seconds(2));  // Let the last records arrive.

  std::vector<double> all;
  int ended_early = 0;
  for (auto& reader : readers) {
    reader->Stop();
    all.insert(all.end(), reader->latencies().begin(), reader->latencies().end());
    if (reader->status().error_code() != grpc::StatusCode::CANCELLED) ++ended_early;
  }
  return {total / seconds, all.size(), static_cast<size_t>(total) * kSubscribers, ended_early,
          ComputePercentiles(all)};
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery::bench;
  std::string scenario = "all";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (absl::StartsWith(arg, "--scenario=")) {
      scenario = arg.substr(11);
    } else {
      std::fprintf(stderr, "usage: chancery_load [--scenario=all|batched|single|fanout]\n");
      return 2;
    }
  }
  chancery::testing::TempDir dir(".");
  PrintMachine();
  if (scenario == "all" || scenario == "batched") {
    // 1. The store alone: the same events, appended in process in batches of 100.
    const double store_rate = StoreBatchedRate(dir.File("baseline.db"), kBatchedEvents,
                                               kBatchSize, [](int i) { return LoadEvent(i, 0); });
    auto server = StartChanceryd(argv[0], dir.File("batched.db"));
    const double rate = BatchedRate(server->address());
    std::printf("1. RecordEvents, batches of %d, %d clients: %.0f events/s; store alone %.0f events/s;"
                " ratio %.2f (target >= 0.7)\n",
                kBatchSize, kBatchedClients, rate, store_rate, rate / store_rate);
  }
  if (scenario == "all" || scenario == "single") {
    auto server = StartChanceryd(argv[0], dir.File("single.db"));
    SingleResult single = SingleRate(server->address());
    std::printf("2. RecordEvents, single events, %d in flight: %.0f events/s; latency p50 %.2f ms,"
                " p99 %.2f ms\n",
                kSingleInFlight, single.rate, single.latency_ms.p50, single.latency_ms.p99);
  }
  if (scenario == "all" || scenario == "fanout") {
    auto server = StartChanceryd(argv[0], dir.File("fanout.db"));
    FanoutResult fanout = Fanout(server->address());
    std::printf("3. Fan-out, %d subscribers, recording at %.0f events/s: delivered %zu of %zu;"
                " %d subscribers ended early; commit-to-receipt p50 %.2f ms, p99 %.2f ms"
                " (target p99 <= 10 ms)\n",
                kSubscribers, fanout.recorded_rate, fanout.deliveries, fanout.expected_deliveries,
                fanout.ended_early, fanout.latency_ms.p50, fanout.latency_ms.p99);
  }
  return 0;
}
