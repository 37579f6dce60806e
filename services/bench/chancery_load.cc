// chancery_load: a closed-loop load client for chanceryd (issue #3's figures).
//
// It starts its own chanceryd (full durability, a fresh database in the
// working directory) and measures, in one run:
//   1. RecordEvents in batches of 100 from 4 concurrent clients: events/s,
//      against the event store's own batched append (in process, same
//      payloads, same durability) measured just before, in three rounds,
//      and the median ratio;
//   2. single-event RecordEvents, one event per call, with 1, 8 and 64 calls
//      in flight: events/s, p50/p99 and chanceryd's CPU per event, against
//      raw SQLite inserting the same rows one transaction per event
//      (synchronous=FULL) measured just before, and against raw gRPC (the
//      server's health Check at the same concurrency);
//   3. fan-out: 1,000 SubscribeLog subscribers while events are recorded at
//      1,000/s: p50/p99 from commit (the record's record_time) to receipt;
//   4. security: batched recording as in 1, over TLS with a bearer token
//      checked on every call, against plaintext without tokens, in rounds;
//   5. replicas: the fan-out of 3 with two chanceryd replicas on a private
//      PostgreSQL server (scripts/postgres-private, in the working
//      directory), the records on one and the subscribers on the other;
//   6. groups: a subscription group of 4 consumers that acknowledge
//      everything while events are recorded at 5,000/s: whether they keep
//      up, and commit-to-ack p50/p99; then, in rounds, batched recording as
//      in 1 with such a group taking every event (its checkpoint moving and
//      saved all along) against recording with no group;
//   8. metrics: batched recording as in 1, and single-event recording with
//      8 calls in flight, with --metrics-listen (every call, commit and sync
//      counted) and --log-calls --log-format=json (a JSON line per call)
//      against without, in rounds.
//
// Usage: build/bin/chancery_load
//            [--scenario=all|batched|single|security|fanout|replicas|groups|metrics]
//                                [--subscribers=N] [--rate=EVENTS_PER_S] [--connections=N]
//                                (the fan-out's shape)

#include <grpcpp/generic/generic_stub.h>
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

#include "absl/strings/numbers.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "chancery/client.h"
#include "chancery/v1/event_log_service.pb.h"
#include "eventstore/testing/private_postgres.h"
#include "eventstore/testing/temp_dir.h"
#include "services/bench/commit_time_scan.h"
#include "services/bench/group_load.h"
#include "services/bench/load_support.h"
#include "services/chanceryd/testing/test_pki.h"

namespace chancery::bench {
namespace {

constexpr int kBatchedEvents = 100000;
constexpr int kBatchSize = 100;
constexpr int kBatchedClients = 4;
constexpr int kBatchedRounds = 3;
// The metrics scenario: its rounds, and the single events each records.
constexpr int kMetricsRounds = 5;
constexpr int kMetricsSingleEvents = 10000;
// Calls in flight for single-event recording, and how many events each
// level records (more where each takes less).
constexpr struct {
  int in_flight;
  int events;
} kSingleLevels[] = {{1, 3000}, {8, 10000}, {64, 20000}};
constexpr absl::Duration kFanoutDuration = absl::Seconds(10);
// The group scenario: consumers, and the rate and time of its recording.
constexpr int kGroupConsumers = 4;
constexpr int kGroupRate = 5000;
constexpr int kGroupSeconds = 10;

// CPU time a run took, in core-seconds.
struct CpuUse {
  double server = 0;
  double client = 0;
};

// Measures the CPU chanceryd and this process use from construction to Stop.
class CpuMeter {
 public:
  explicit CpuMeter(pid_t server)
      : server_(server), start_{CpuSeconds(server), CpuSeconds(getpid())} {}
  CpuUse Stop() const {
    return {CpuSeconds(server_) - start_.server, CpuSeconds(getpid()) - start_.client};
  }

 private:
  pid_t server_;
  CpuUse start_;
};

struct BatchedResult {
  double rate;
  CpuUse cpu;
};

BatchedResult Batched(const testing::ChancerydProcess& server, const Security& security = {}) {
  std::vector<Client> clients;
  for (int c = 0; c < kBatchedClients; ++c) {
    clients.emplace_back(NewChannel(server.address(), c, CredentialsFor(security)));
  }
  // Built before the clock starts, as the store's baseline builds its own.
  std::vector<v1::RecordEventsRequest> requests(kBatchedEvents / kBatchSize);
  for (size_t call = 0; call < requests.size(); ++call) {
    for (int i = 0; i < kBatchSize; ++i) {
      *requests[call].add_events() = LoadEvent(static_cast<int>(call) * kBatchSize + i, 1);
    }
  }
  ClosedLoop loop(kBatchedClients, static_cast<int>(requests.size()));
  CpuMeter cpu(server.pid());
  Stopwatch clock;
  loop.Run([&](int call, int slot, std::function<void(bool)> done) {
    RecordAsync(clients[slot], std::move(requests[call]), std::move(done));
  });
  const double seconds = clock.Seconds();
  return {kBatchedEvents / seconds, cpu.Stop()};
}

struct SingleResult {
  double rate;
  Percentiles latency_ms;
  CpuUse cpu;
};

// One kind of call: starts call number `call` and runs `done` with whether
// it succeeded.
using StartCall = std::function<void(int call, std::function<void(bool)> done)>;

// Runs `calls` calls, `in_flight` at a time, each as soon as one ends.
SingleResult ClosedLoopCalls(const testing::ChancerydProcess& server, int in_flight, int calls,
                             const StartCall& start_call) {
  ClosedLoop loop(in_flight, calls);
  std::vector<double> latencies(calls);
  CpuMeter cpu(server.pid());
  Stopwatch clock;
  loop.Run([&](int call, int, std::function<void(bool)> done) {
    const auto start = std::chrono::steady_clock::now();
    start_call(call, [=, &latencies](bool ok) {
      latencies[call] =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      done(ok);
    });
  });
  const double seconds = clock.Seconds();
  return {calls / seconds, ComputePercentiles(latencies), cpu.Stop()};
}

// Single-event RecordEvents calls.
SingleResult SingleRate(const testing::ChancerydProcess& server, int in_flight, int events,
                        int salt) {
  const Client client(NewChannel(server.address(), 100));
  return ClosedLoopCalls(server, in_flight, events, [&](int call, std::function<void(bool)> done) {
    v1::RecordEventsRequest request;
    *request.add_events() = LoadEvent(call, salt);
    RecordAsync(client, std::move(request), std::move(done));
  });
}

// The raw gRPC baseline: gRPC's own health Check (an empty request, a
// two-byte answer, no store) on the same server, channel and concurrency.
SingleResult HealthCheckRate(const testing::ChancerydProcess& server, int in_flight, int calls) {
  grpc::GenericStub stub(NewChannel(server.address(), 101));
  std::vector<grpc::ClientContext> contexts(calls);
  grpc::Slice no_bytes;  // An empty HealthCheckRequest: the whole server.
  std::vector<grpc::ByteBuffer> requests(calls, grpc::ByteBuffer(&no_bytes, 1));
  std::vector<grpc::ByteBuffer> responses(calls);
  return ClosedLoopCalls(server, in_flight, calls, [&](int call, std::function<void(bool)> done) {
    stub.UnaryCall(&contexts[call], "/grpc.health.v1.Health/Check", {}, &requests[call],
                   &responses[call],
                   [done = std::move(done)](grpc::Status status) { done(status.ok()); });
  });
}

// A subscriber that records how long each record took from commit to here.
// It calls SubscribeLog through the generic stub and reads raw bytes, so that
// decoding only the commit times keeps 1,000 of them cheap (see
// commit_time_scan.h). It is the one call here that does not go through the
// client library, whose subscriptions decode every record in full: at the
// default shape a million records a second, on the cores the measured server
// runs on.
class LatencyReader : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  LatencyReader(grpc::GenericStub* stub, uint64_t after, std::atomic<int>* caught_up)
      : caught_up_(caught_up) {
    v1::SubscribeLogRequest request;
    request.set_after_position(after);
    grpc::Slice request_bytes(request.SerializeAsString());
    request_ = grpc::ByteBuffer(&request_bytes, 1);
    latencies_.reserve(20000);
    stub->PrepareBidiStreamingCall(&context_, "/chancery.v1.EventLogService/SubscribeLog", {},
                                   this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&message_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    ScanCommitTimes(message_, scanned_);
    if (!scanned_.ok) Die("a SubscribeLogResponse did not parse");
    if (scanned_.caught_up) ++*caught_up_;
    if (!scanned_.commit_times_us.empty()) ++messages_;
    const int64_t now_us = absl::ToUnixMicros(absl::Now());
    for (int64_t committed_us : scanned_.commit_times_us) {
      latencies_.push_back((now_us - committed_us) / 1000.0);
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
  size_t messages() const { return messages_; }  // Those that carried records.
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer message_;
  ScannedResponse scanned_;
  std::atomic<int>* caught_up_;
  std::vector<double> latencies_;
  size_t messages_ = 0;
  std::mutex mutex_;
  std::condition_variable finished_;
  bool done_ = false;
  grpc::Status status_;
};

struct FanoutResult {
  double recorded_rate;
  size_t deliveries;
  size_t messages;
  size_t expected_deliveries;
  int ended_early;
  Percentiles latency_ms;
  CpuUse cpu;  // While recording and delivering.
};

// The fan-out scenario's shape; the issue's is the default.
struct FanoutShape {
  int subscribers = 1000;
  int rate = 1000;        // Events recorded per second.
  int connections = 10;   // The subscribers share these, round robin.
};

// Fanout: subscribers on `subscribed`, records on `recording` (the same
// server, or another replica of its database).
FanoutResult Fanout(const testing::ChancerydProcess& subscribed,
                    const testing::ChancerydProcess& recording, const FanoutShape& shape) {
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (int c = 0; c < shape.connections; ++c) {
    stubs.push_back(std::make_unique<grpc::GenericStub>(NewChannel(subscribed.address(), 1000 + c)));
  }
  const Client recorder(NewChannel(recording.address(), 300));
  const Result<uint64_t> head = recorder.HeadPosition();
  if (!head.ok()) Die("ReadLog failed: " + head.error().ToString());
  std::atomic<int> caught_up{0};
  std::vector<std::unique_ptr<LatencyReader>> readers;
  for (int i = 0; i < shape.subscribers; ++i) {
    readers.push_back(std::make_unique<LatencyReader>(stubs[i % stubs.size()].get(), *head, &caught_up));
  }
  while (caught_up < shape.subscribers) absl::SleepFor(absl::Milliseconds(10));

  // Record at a fixed rate, one event per call, open loop: each call leaves
  // on schedule whether or not earlier ones have been answered.
  const int total = static_cast<int>(absl::ToDoubleSeconds(kFanoutDuration) * shape.rate);
  std::atomic<int> answered{0};
  std::atomic<bool> failed{false};
  CpuMeter cpu(subscribed.pid());
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < total; ++i) {
    std::this_thread::sleep_until(start + std::chrono::microseconds(i * 1000000LL / shape.rate));
    v1::RecordEventsRequest request;
    *request.add_events() = LoadEvent(i, 3);
    RecordAsync(recorder, std::move(request), [&](bool ok) {
      if (!ok) failed = true;
      ++answered;
    });
  }
  while (answered < total) absl::SleepFor(absl::Milliseconds(1));
  if (failed) Die("fan-out record failed");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  absl::SleepFor(absl::Seconds(2));  // Let the last records arrive.
  const CpuUse used = cpu.Stop();

  std::vector<double> all;
  size_t messages = 0;
  int ended_early = 0;
  for (auto& reader : readers) {
    reader->Stop();
    messages += reader->messages();
    all.insert(all.end(), reader->latencies().begin(), reader->latencies().end());
    if (reader->status().error_code() != grpc::StatusCode::CANCELLED) ++ended_early;
  }
  return {total / seconds,
          all.size(),
          messages,
          static_cast<size_t>(total) * shape.subscribers,
          ended_early,
          ComputePercentiles(all),
          used};
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery::bench;
  std::string scenario = "all";
  FanoutShape shape;
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (absl::ConsumePrefix(&arg, "--scenario=")) {
      scenario = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--subscribers=") &&
               absl::SimpleAtoi(arg, &shape.subscribers) && shape.subscribers > 0) {
    } else if (absl::ConsumePrefix(&arg, "--rate=") && absl::SimpleAtoi(arg, &shape.rate) &&
               shape.rate > 0) {
    } else if (absl::ConsumePrefix(&arg, "--connections=") &&
               absl::SimpleAtoi(arg, &shape.connections) && shape.connections > 0) {
    } else {
      std::fprintf(stderr,
                   "usage: chancery_load"
                   " [--scenario=all|batched|single|security|fanout|replicas|groups|metrics]"
                   " [--subscribers=N] [--rate=EVENTS_PER_S] [--connections=N]\n");
      return 2;
    }
  }
  chancery::testing::TempDir dir(".");
  PrintMachine();
  if (scenario == "all" || scenario == "batched") {
    // The store alone (the same events, appended in process in batches of
    // 100), then chanceryd, each on a fresh database; in rounds, since this
    // machine's speed drifts by ±15% and a ratio is only fair within a round.
    std::vector<double> ratios;
    for (int round = 1; round <= kBatchedRounds; ++round) {
      const StoreRate store =
          StoreBatchedRate(dir.File(absl::StrCat("baseline", round, ".db")), kBatchedEvents,
                           kBatchSize, [](int i) { return LoadEvent(i, 0); });
      auto server = StartChanceryd(argv[0], dir.File(absl::StrCat("batched", round, ".db")));
      const BatchedResult batched = Batched(*server);
      ratios.push_back(batched.rate / store.events_per_second);
      std::printf("1. RecordEvents, batches of %d, %d clients, round %d: %.0f events/s; store alone"
                  " %.0f events/s; ratio %.2f\n",
                  kBatchSize, kBatchedClients, round, batched.rate, store.events_per_second,
                  ratios.back());
      std::printf("   CPU per event: chanceryd %.1f us, the store alone %.1f us; load client %.1f"
                  " core-s in all\n",
                  1e6 * batched.cpu.server / kBatchedEvents, store.cpu_us_per_event,
                  batched.cpu.client);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("   median ratio %.2f (target >= 0.7)\n", ratios[ratios.size() / 2]);
  }
  if (scenario == "all" || scenario == "single") {
    for (const auto& level : kSingleLevels) {
      // Each level on fresh databases, raw SQLite just before chanceryd.
      const int salt = 2 + level.in_flight;
      const StoreRate raw = RawOneTransactionPerEventRate(
          dir.File(absl::StrCat("raw-single", level.in_flight, ".db")), level.events,
          [salt](int i) { return LoadEvent(i, salt); });
      auto server =
          StartChanceryd(argv[0], dir.File(absl::StrCat("single", level.in_flight, ".db")));
      const SingleResult grpc_only = HealthCheckRate(*server, level.in_flight, level.events);
      const SingleResult single = SingleRate(*server, level.in_flight, level.events, salt);
      std::printf("2. RecordEvents, single events, %d in flight: %.0f events/s (raw SQLite, one"
                  " transaction per event: %.0f rows/s; ratio %.2f, target >= 0.5); latency p50"
                  " %.2f ms, p99 %.2f ms\n",
                  level.in_flight, single.rate, raw.events_per_second,
                  single.rate / raw.events_per_second, single.latency_ms.p50,
                  single.latency_ms.p99);
      std::printf("   CPU per event: chanceryd %.0f us (target <= 100 us at 1 in flight), load"
                  " client %.0f us; raw SQLite %.0f us\n",
                  1e6 * single.cpu.server / level.events, 1e6 * single.cpu.client / level.events,
                  raw.cpu_us_per_event);
      std::printf("   raw gRPC, health Check on the same server: %.0f calls/s, p50 %.2f ms, p99"
                  " %.2f ms; chanceryd CPU per call %.0f us, load client %.0f us\n",
                  grpc_only.rate, grpc_only.latency_ms.p50, grpc_only.latency_ms.p99,
                  1e6 * grpc_only.cpu.server / level.events,
                  1e6 * grpc_only.cpu.client / level.events);
    }
  }
  if (scenario == "all" || scenario == "security") {
    // Batched recording in plaintext with no tokens, then over TLS with a
    // token checked on every call, each on a fresh database, in rounds.
    const chancery::testing::TestPki pki(dir.path());
    const chancery::testing::CertificateFiles ca = pki.MakeCa("ca");
    const chancery::testing::CertificateFiles cert =
        pki.Issue(ca, "server", "localhost", {"DNS:localhost", "IP:127.0.0.1"});
    const std::string token = "load-token";
    WriteTokensFile(dir.File("tokens"), token, "load recorder");
    chancery::Security security;
    security.tls_ca_pem = chancery::testing::ReadPem(ca.cert);
    security.token = token;
    std::vector<double> ratios;
    for (int round = 1; round <= kBatchedRounds; ++round) {
      auto open = StartChanceryd(argv[0], dir.File(absl::StrCat("open", round, ".db")));
      const BatchedResult plain = Batched(*open);
      open.reset();
      auto secured = StartChanceryd(
          argv[0], dir.File(absl::StrCat("secured", round, ".db")),
          {"--tls-cert=" + cert.cert, "--tls-key=" + cert.key, "--tokens=" + dir.File("tokens")});
      const BatchedResult secure = Batched(*secured, security);
      ratios.push_back(secure.rate / plain.rate);
      std::printf("4. RecordEvents, batches of %d, %d clients, round %d: TLS and a token %.0f"
                  " events/s, plaintext without tokens %.0f events/s; ratio %.2f; chanceryd CPU"
                  " per event %.1f us against %.1f us\n",
                  kBatchSize, kBatchedClients, round, secure.rate, plain.rate, ratios.back(),
                  1e6 * secure.cpu.server / kBatchedEvents, 1e6 * plain.cpu.server / kBatchedEvents);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("   median ratio %.2f (target >= 0.85: TLS and tokens cost at most 15%%)\n",
                ratios[ratios.size() / 2]);
  }
  if (scenario == "all" || scenario == "metrics") {
    // Without metrics and with, each on a fresh database, in rounds that
    // alternate which goes first (the machine's speed drifts).
    struct Run {
      BatchedResult batched;
      SingleResult single;
    };
    const auto measure = [&](int round, bool with_metrics) {
      auto server = StartChanceryd(
          argv[0], dir.File(absl::StrCat(with_metrics ? "metrics" : "no-metrics", round, ".db")),
          with_metrics ? std::vector<std::string>{"--metrics-listen=127.0.0.1:0", "--log-calls",
                                                  "--log-format=json"}
                       : std::vector<std::string>{});
      const BatchedResult batched = Batched(*server);
      return Run{batched, SingleRate(*server, 8, kMetricsSingleEvents, 20)};
    };
    std::vector<double> batched_ratios;
    std::vector<double> single_ratios;
    for (int round = 1; round <= kMetricsRounds; ++round) {
      Run with;
      Run without;
      if (round % 2 == 1) {
        without = measure(round, false);
        with = measure(round, true);
      } else {
        with = measure(round, true);
        without = measure(round, false);
      }
      batched_ratios.push_back(with.batched.rate / without.batched.rate);
      single_ratios.push_back(with.single.rate / without.single.rate);
      std::printf("8. Metrics and call logs, round %d: RecordEvents in batches of %d, %.0f events/s"
                  " with them,"
                  " %.0f without, ratio %.2f; single events, 8 in flight, %.0f events/s with,"
                  " %.0f without, ratio %.2f\n",
                  round, kBatchSize, with.batched.rate, without.batched.rate,
                  batched_ratios.back(), with.single.rate, without.single.rate,
                  single_ratios.back());
      std::printf("   chanceryd CPU per event: batched %.1f us with, %.1f us without; single %.0f us"
                  " with, %.0f us without\n",
                  1e6 * with.batched.cpu.server / kBatchedEvents,
                  1e6 * without.batched.cpu.server / kBatchedEvents,
                  1e6 * with.single.cpu.server / kMetricsSingleEvents,
                  1e6 * without.single.cpu.server / kMetricsSingleEvents);
    }
    std::sort(batched_ratios.begin(), batched_ratios.end());
    std::sort(single_ratios.begin(), single_ratios.end());
    std::printf("   median ratios: batched %.2f, single events %.2f (target >= 0.95: metrics and"
                " logs cost at most 5%%)\n",
                batched_ratios[batched_ratios.size() / 2], single_ratios[single_ratios.size() / 2]);
  }
  if (scenario == "all" || scenario == "fanout") {
    // All subscribers come from this one address, one caller to the server.
    auto server = StartChanceryd(argv[0], dir.File("fanout.db"),
                                 {absl::StrCat("--streams-per-caller=", shape.subscribers)});
    FanoutResult fanout = Fanout(*server, *server, shape);
    std::printf("3. Fan-out, %d subscribers, recording at %.0f events/s: delivered %zu of %zu"
                " in %zu messages; %d subscribers ended early; commit-to-receipt p50 %.2f ms, p99 %.2f ms"
                " (target p99 <= 10 ms)\n",
                shape.subscribers, fanout.recorded_rate, fanout.deliveries, fanout.expected_deliveries,
                fanout.messages, fanout.ended_early, fanout.latency_ms.p50, fanout.latency_ms.p99);
    std::printf("   CPU while recording and delivering: chanceryd %.1f core-s, load client %.1f core-s\n",
                fanout.cpu.server, fanout.cpu.client);
  }
  if (scenario == "all" || scenario == "replicas") {
    // Two replicas on one private PostgreSQL server: records on A, subscribers on B.
    auto database = chancery::testing::PrivatePostgres::Launch(".");
    if (!database.ok()) Die(std::string(database.status().message()));
    const std::vector<std::string> flags = {absl::StrCat("--streams-per-caller=", shape.subscribers)};
    auto a = StartReplica(argv[0], (*database)->uri(), dir.File("replica-a"), flags);
    auto b = StartReplica(argv[0], (*database)->uri(), dir.File("replica-b"), flags);
    FanoutResult fanout = Fanout(*b, *a, shape);
    std::printf("5. Replicas on PostgreSQL, %d subscribers on one, recording on the other at %.0f"
                " events/s: delivered %zu of %zu in %zu messages; %d subscribers ended early;"
                " commit-to-receipt p50 %.2f ms, p99 %.2f ms\n",
                shape.subscribers, fanout.recorded_rate, fanout.deliveries,
                fanout.expected_deliveries, fanout.messages, fanout.ended_early,
                fanout.latency_ms.p50, fanout.latency_ms.p99);
  }
  if (scenario == "all" || scenario == "groups") {
    auto server = StartChanceryd(argv[0], dir.File("groups.db"));
    const GroupKeepUpResult kept = GroupKeepUp(*server, kGroupConsumers, kGroupRate, kGroupSeconds);
    server.reset();
    std::printf("6. A group of %d consumers, recording at %.0f events/s for %d s: %llu of %llu"
                " acknowledged, the last %.2f s after the last record; lag at most %llu;"
                " commit-to-ack p50 %.2f ms, p99 %.2f ms\n",
                kGroupConsumers, kept.recorded_rate, kGroupSeconds,
                static_cast<unsigned long long>(kept.acked),
                static_cast<unsigned long long>(kept.recorded), kept.drain_seconds,
                static_cast<unsigned long long>(kept.max_lag), kept.commit_to_ack_ms.p50,
                kept.commit_to_ack_ms.p99);
    // The checkpoint's cost, in rounds: batched recording while a group of
    // acknowledging consumers takes every event, against the same
    // recording while as many SubscribeLog subscribers take every event
    // (the same delivery, with no checkpoint), and with neither.
    std::vector<double> ratios;
    for (int round = 1; round <= kBatchedRounds; ++round) {
      auto alone = StartChanceryd(argv[0], dir.File(absl::StrCat("no-group", round, ".db")));
      const BatchedResult without = Batched(*alone);
      alone.reset();
      auto subscribed = StartChanceryd(argv[0], dir.File(absl::StrCat("subscribed", round, ".db")));
      std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
      std::vector<std::unique_ptr<LatencyReader>> readers;
      std::atomic<int> caught_up{0};
      for (int i = 0; i < kGroupConsumers; ++i) {
        stubs.push_back(std::make_unique<grpc::GenericStub>(NewChannel(subscribed->address(), 5000 + i)));
        readers.push_back(std::make_unique<LatencyReader>(stubs.back().get(), 0, &caught_up));
      }
      while (caught_up < kGroupConsumers) absl::SleepFor(absl::Milliseconds(5));
      const BatchedResult subscribers = Batched(*subscribed);
      for (auto& reader : readers) reader->Stop();
      subscribed.reset();
      auto grouped = StartChanceryd(argv[0], dir.File(absl::StrCat("group", round, ".db")));
      CreateLogGroup(*grouped, "cost");
      std::vector<std::unique_ptr<AckingConsumer>> consumers;
      for (int i = 0; i < kGroupConsumers; ++i) {
        consumers.push_back(std::make_unique<AckingConsumer>(grouped->address(), i, "cost"));
      }
      for (const auto& consumer : consumers) {
        while (!consumer->joined()) absl::SleepFor(absl::Milliseconds(5));
      }
      const BatchedResult with = Batched(*grouped);
      const absl::Time deadline = absl::Now() + absl::Seconds(60);
      while (GroupLag(*grouped, "cost") > 0 && absl::Now() < deadline) {
        absl::SleepFor(absl::Milliseconds(10));
      }
      const uint64_t lag = GroupLag(*grouped, "cost");
      ratios.push_back(with.rate / subscribers.rate);
      std::printf("7. RecordEvents, batches of %d, %d clients, round %d: with a group of %d"
                  " acknowledging consumers %.0f events/s (lag %llu after); with %d log"
                  " subscribers %.0f events/s; with neither %.0f events/s; group against"
                  " subscribers %.2f, against neither %.2f\n",
                  kBatchSize, kBatchedClients, round, kGroupConsumers, with.rate,
                  static_cast<unsigned long long>(lag), kGroupConsumers, subscribers.rate,
                  without.rate, ratios.back(), with.rate / without.rate);
      std::printf("   CPU per event: chanceryd %.1f us with the group, %.1f us with the"
                  " subscribers, %.1f us with neither; load client %.1f, %.1f, %.1f us\n",
                  1e6 * with.cpu.server / kBatchedEvents,
                  1e6 * subscribers.cpu.server / kBatchedEvents,
                  1e6 * without.cpu.server / kBatchedEvents, 1e6 * with.cpu.client / kBatchedEvents,
                  1e6 * subscribers.cpu.client / kBatchedEvents,
                  1e6 * without.cpu.client / kBatchedEvents);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("   median ratio, group against subscribers, %.2f (target >= 0.9: the checkpoint"
                " costs at most 10%%)\n",
                ratios[ratios.size() / 2]);
  }
  return 0;
}
