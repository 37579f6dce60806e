// The subscription-group scenario of chancery_load: consumers that
// acknowledge everything they are sent, and what they measure.

#ifndef CHANCERY_SERVICES_BENCH_GROUP_LOAD_H_
#define CHANCERY_SERVICES_BENCH_GROUP_LOAD_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "chancery/v1/subscription_group_service.grpc.pb.h"
#include "services/bench/load_support.h"
#include "services/chanceryd/testing/chanceryd_process.h"

namespace chancery::bench {

// AckingConsumer joins a group on its own connection and thread, and
// acknowledges each message's deliveries as soon as it reads them, noting
// for each the time from its commit (record_time) to the ack.
class AckingConsumer {
 public:
  AckingConsumer(const std::string& address, int index, const std::string& group);
  ~AckingConsumer();  // Stops.

  void Stop();
  bool joined() const { return joined_; }
  uint64_t acked() const { return acked_; }
  // Commit-to-ack, in milliseconds; read after Stop.
  const std::vector<double>& latencies_ms() const { return latencies_ms_; }

 private:
  void Run();

  std::unique_ptr<v1::SubscriptionGroupService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>>
      stream_;
  std::atomic<bool> joined_{false};
  std::atomic<uint64_t> acked_{0};
  std::vector<double> latencies_ms_;
  std::thread thread_;
};

// CreateLogGroup creates a group over the whole log from its head, or dies.
void CreateLogGroup(const testing::ChancerydProcess& server, const std::string& name);

// The group's lag now (head minus checkpoint), or dies.
uint64_t GroupLag(const testing::ChancerydProcess& server, const std::string& name);

struct GroupKeepUpResult {
  double recorded_rate = 0;
  uint64_t recorded = 0;
  uint64_t acked = 0;
  uint64_t max_lag = 0;  // Sampled every 100 ms while recording.
  double drain_seconds = 0;  // From the last record to the last ack.
  Percentiles commit_to_ack_ms;
};

// GroupKeepUp records at `rate` events/s for `seconds` (batches of 10,
// open loop) while `consumers` AckingConsumers of one group take them.
GroupKeepUpResult GroupKeepUp(const testing::ChancerydProcess& server, int consumers, int rate,
                              int seconds);

}  // namespace chancery::bench

#endif  // CHANCERY_SERVICES_BENCH_GROUP_LOAD_H_
