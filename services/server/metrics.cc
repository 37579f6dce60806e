#include "services/server/metrics.h"

namespace chancery::server {
namespace {

using prometheus::Histogram;

// A66's buckets for call latency, in seconds.
const Histogram::BucketBoundaries kLatencyBuckets = {
    0.00001, 0.00005, 0.0001, 0.0003, 0.0006, 0.0008, 0.001, 0.002, 0.003, 0.004, 0.005,
    0.006,   0.008,   0.01,   0.013,  0.016,  0.02,   0.025, 0.03,  0.04,  0.05,  0.065,
    0.08,    0.1,     0.13,   0.16,   0.2,    0.25,   0.3,   0.4,   0.5,   0.65,  0.8,
    1,       2,       5,      10,     20,     50,     100};
// A66's buckets for message sizes, in bytes.
const Histogram::BucketBoundaries kSizeBuckets = {
    0,       1024,     2048,      4096,      16384,      65536,     262144,
    1048576, 4194304,  16777216,  67108864,  268435456,  1073741824, 4294967296};
// A commit or a sync: a tenth of a millisecond (no sync; a fast disk's
// cache) to seconds (a slow disk).
const Histogram::BucketBoundaries kDiskBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                    0.005,  0.01,    0.025,  0.05,  0.1,
                                                    0.25,   0.5,     1,      2.5,   10};
// Events per commit: one append up to a full group (10,000).
const Histogram::BucketBoundaries kBatchBuckets = {1,   2,    5,    10,   20,   50,  100,
                                                   200, 500, 1000, 2000, 5000, 10000};

const char* const kStreamKinds[] = {"log", "relationships", "group"};

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      calls_started_(prometheus::BuildCounter()
                         .Name("grpc_server_call_started_total")
                         .Help("gRPC calls started, by method")
                         .Register(*registry_)),
      call_duration_(prometheus::BuildHistogram()
                         .Name("grpc_server_call_duration_seconds")
                         .Help("gRPC calls from start to the status sent, by method and status")
                         .Register(*registry_)),
      call_sent_(prometheus::BuildHistogram()
                     .Name("grpc_server_call_sent_total_compressed_message_size_bytes")
                     .Help("Bytes of the messages a gRPC call sent, by method and status")
                     .Register(*registry_)),
      call_received_(prometheus::BuildHistogram()
                         .Name("grpc_server_call_rcvd_total_compressed_message_size_bytes")
                         .Help("Bytes of the messages a gRPC call received, by method and status")
                         .Register(*registry_)),
      commit_duration_(prometheus::BuildHistogram()
                           .Name("chancery_store_commit_duration_seconds")
                           .Help("Time to commit one group of appends, sync included")
                           .Register(*registry_)
                           .Add({}, kDiskBuckets)),
      commit_batch_(prometheus::BuildHistogram()
                        .Name("chancery_store_commit_batch_events")
                        .Help("Events committed in one transaction")
                        .Register(*registry_)
                        .Add({}, kBatchBuckets)),
      sync_duration_(prometheus::BuildHistogram()
                         .Name("chancery_store_fsync_duration_seconds")
                         .Help("Time to sync the SQLite database or its log to disk")
                         .Register(*registry_)
                         .Add({}, kDiskBuckets)),
      wal_checkpoints_(prometheus::BuildCounter()
                           .Name("chancery_store_wal_checkpoints_total")
                           .Help("SQLite write-ahead log checkpoints completed")
                           .Register(*registry_)
                           .Add({})),
      imported_(prometheus::BuildCounter()
                    .Name("chancery_imported_events_total")
                    .Help("Events recorded through RecordEvents (imports and services)")
                    .Register(*registry_)
                    .Add({})),
      retractions_(prometheus::BuildCounter()
                       .Name("chancery_retractions_total")
                       .Help("Events retracted")
                       .Register(*registry_)
                       .Add({})),
      chain_verify_failures_(prometheus::BuildCounter()
                                 .Name("chancery_chain_verify_failures_total")
                                 .Help("Hash chain verifications that found the log altered")
                                 .Register(*registry_)
                                 .Add({})) {
  auto& open = prometheus::BuildGauge()
                   .Name("chancery_subscriptions_open")
                   .Help("Streams open, by kind: log, relationships, group")
                   .Register(*registry_);
  auto& delivered = prometheus::BuildCounter()
                        .Name("chancery_subscription_messages_delivered_total")
                        .Help("Messages sent on streams, by kind")
                        .Register(*registry_);
  auto& ended_slow = prometheus::BuildCounter()
                         .Name("chancery_subscriptions_ended_slow_total")
                         .Help("Subscribers ended for falling behind the server's buffer, by kind")
                         .Register(*registry_);
  for (const char* kind : kStreamKinds) {
    streams_.push_back({open.Add({{"kind", kind}}), delivered.Add({{"kind", kind}}),
                        ended_slow.Add({{"kind", kind}})});
  }
}

Metrics::CallMetrics& Metrics::CallMetricsOf(const std::string& method) {
  auto [found, added] = calls_.try_emplace(method);
  if (added) found->second.started = &calls_started_.Add({{"grpc_method", method}});
  return found->second;
}

void Metrics::CallStarted(const std::string& method) {
  prometheus::Counter* started;
  {
    absl::MutexLock lock(&calls_mutex_);
    started = CallMetricsOf(method).started;
  }
  started->Increment();
}

void Metrics::CallEnded(const std::string& method, const std::string& status,
                        absl::Duration duration, size_t sent_bytes, size_t received_bytes) {
  CallMetrics::Ended ended;
  {
    absl::MutexLock lock(&calls_mutex_);
    auto [found, added] = CallMetricsOf(method).by_status.try_emplace(status);
    if (added) {
      const prometheus::Labels labels = {{"grpc_method", method}, {"grpc_status", status}};
      found->second = {&call_duration_.Add(labels, kLatencyBuckets),
                       &call_sent_.Add(labels, kSizeBuckets),
                       &call_received_.Add(labels, kSizeBuckets)};
    }
    ended = found->second;
  }
  ended.duration->Observe(absl::ToDoubleSeconds(duration));
  ended.sent->Observe(static_cast<double>(sent_bytes));
  ended.received->Observe(static_cast<double>(received_bytes));
}

void Metrics::Committed(size_t events, absl::Duration duration) {
  commit_duration_.Observe(absl::ToDoubleSeconds(duration));
  commit_batch_.Observe(static_cast<double>(events));
}

void Metrics::Synced(absl::Duration duration) {
  sync_duration_.Observe(absl::ToDoubleSeconds(duration));
}

void Metrics::WalCheckpointed() { wal_checkpoints_.Increment(); }

}  // namespace chancery::server
