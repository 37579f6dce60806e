// The parts of chancery_load that are not its scenarios.

#ifndef CHANCERY_SERVICES_BENCH_LOAD_SUPPORT_H_
#define CHANCERY_SERVICES_BENCH_LOAD_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chancery/client.h"
#include "chancery/v1/event.pb.h"
#include "services/chanceryd/testing/chanceryd_process.h"

namespace chancery::bench {

// Die prints `why` and exits 1: a load run that failed has no figures.
[[noreturn]] void Die(const std::string& why);

// LoadEvent is a valid event of about 300 serialized bytes, unique per (i, salt).
v1::DiplomaticEvent LoadEvent(int i, int salt);

// NewChannel opens a channel of its own connection (distinct per `index`),
// plaintext unless `credentials` say otherwise.
std::shared_ptr<grpc::Channel> NewChannel(
    const std::string& address, int index,
    std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

// RecordAsync sends `request` without blocking and calls `done(ok)` when
// the answer comes, on a gRPC thread.
void RecordAsync(const Client& client, v1::RecordEventsRequest request,
                 std::function<void(bool)> done);

// What the store alone sustains: the baseline for what chanceryd sustains
// over gRPC.
struct StoreRate {
  double events_per_second = 0;
  double cpu_us_per_event = 0;  // This process's CPU time while appending.
};

// StoreBatchedRate appends `count` events (`make_event(i)`, i from 0), in
// batches of `batch_size`, to a new SQLite event store at `db_path` with
// full durability, in process. The requests are built before the clock
// starts.
StoreRate StoreBatchedRate(const std::string& db_path, int count, int batch_size,
                           const std::function<v1::DiplomaticEvent(int)>& make_event);

// RawOneTransactionPerEventRate: raw SQLite inserting `count` events
// (`make_event(i)`) as chanceryd stores them into a new database at
// `db_path`, one transaction per event, synchronous=FULL
// (eventstore/bench/raw_sqlite_baseline.h), with this process's CPU per row.
StoreRate RawOneTransactionPerEventRate(const std::string& db_path, int count,
                                     const std::function<v1::DiplomaticEvent(int)>& make_event);

// WriteTokensFile writes a chanceryd tokens file at `path` granting `token`
// to `principal_and_roles` ("load recorder").
void WriteTokensFile(const std::string& path, const std::string& token,
                     const std::string& principal_and_roles);

// StartChanceryd starts the chanceryd beside `argv0` on `db_path` (full
// durability, and `extra_flags`), or dies.
std::unique_ptr<testing::ChancerydProcess> StartChanceryd(
    const char* argv0, const std::string& db_path, std::vector<std::string> extra_flags = {});
// StartReplica: the same on the store at `store` (a --store URI), with its
// port file and stderr at `files` + ".port" and ".stderr".
std::unique_ptr<testing::ChancerydProcess> StartReplica(const char* argv0, const std::string& store,
                                                        const std::string& files,
                                                        std::vector<std::string> extra_flags = {});

// CpuSeconds is the CPU time (user + system) process `pid` has used so far.
double CpuSeconds(pid_t pid);

// PrintMachine prints what the figures were measured on.
void PrintMachine();

class Stopwatch {
 public:
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
};
Percentiles ComputePercentiles(std::vector<double> samples);

// ClosedLoop keeps `in_flight` calls going until `total` have completed.
// Run calls `start(call, slot, done)` for each call number; the callee calls
// `done(ok)` when the call completes, from any thread, and the slot (0 to
// in_flight - 1) is then reused for the next call. Run returns when all are
// done and dies if any failed.
class ClosedLoop {
 public:
  using Start = std::function<void(int call, int slot, std::function<void(bool)> done)>;
  ClosedLoop(int in_flight, int total) : in_flight_(in_flight), total_(total) {}
  void Run(const Start& start);

 private:
  const int in_flight_;
  const int total_;
};

}  // namespace chancery::bench

#endif  // CHANCERY_SERVICES_BENCH_LOAD_SUPPORT_H_
