// Metrics: what chanceryd counts for Prometheus (--metrics-listen;
// docs/operations.md names each metric), kept by prometheus-cpp.
//
// Counters and histograms are updated where the work is done: gRPC calls by
// CallMetricsInterceptor, commits and WAL checkpoints by the store (as its
// StoreObserver), streams by their reactors. Values that are a state rather
// than a count (the head, lags, sizes) are read when scraped (SampledGauges).

#ifndef CHANCERY_SERVICES_SERVER_METRICS_H_
#define CHANCERY_SERVICES_SERVER_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "eventstore/store_observer.h"

namespace chancery::server {

// The kinds of stream the server sends: SubscribeLog, WatchRelationships,
// ConsumeGroup.
enum class StreamKind { kLog = 0, kRelationships = 1, kGroup = 2 };

// The counts of one kind of stream.
struct StreamMetrics {
  prometheus::Gauge& open;
  prometheus::Counter& delivered;   // Messages sent.
  prometheus::Counter& ended_slow;  // Subscribers ended for falling behind.
};

// OpenStream counts one open stream for as long as it lives.
class OpenStream {
 public:
  explicit OpenStream(StreamMetrics& metrics) : metrics_(metrics) { metrics_.open.Increment(); }
  ~OpenStream() { metrics_.open.Decrement(); }
  OpenStream(const OpenStream&) = delete;
  OpenStream& operator=(const OpenStream&) = delete;

 private:
  StreamMetrics& metrics_;
};

class Metrics final : public eventstore::StoreObserver {
 public:
  Metrics();

  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }
  StreamMetrics& Streams(StreamKind kind) { return streams_[static_cast<size_t>(kind)]; }

  // A gRPC call, by its full method name ("/chancery.v1.EventLogService/ReadLog"),
  // after OpenTelemetry's gRPC metrics (proposal A66).
  void CallStarted(const std::string& method) ABSL_LOCKS_EXCLUDED(calls_mutex_);
  void CallEnded(const std::string& method, const std::string& status, absl::Duration duration,
                 size_t sent_bytes, size_t received_bytes) ABSL_LOCKS_EXCLUDED(calls_mutex_);

  void Committed(size_t events, absl::Duration duration) override;
  void Synced(absl::Duration duration) override;
  void WalCheckpointed() override;

  void Imported(size_t events) { imported_.Increment(static_cast<double>(events)); }
  void Retracted() { retractions_.Increment(); }
  void ChainVerifyFailed() { chain_verify_failures_.Increment(); }

 private:
  // One method's metrics, looked up once: a family's Add builds and hashes
  // its labels on every call.
  struct CallMetrics {
    prometheus::Counter* started;
    struct Ended {
      prometheus::Histogram* duration;
      prometheus::Histogram* sent;
      prometheus::Histogram* received;
    };
    absl::flat_hash_map<std::string, Ended> by_status;
  };
  CallMetrics& CallMetricsOf(const std::string& method) ABSL_EXCLUSIVE_LOCKS_REQUIRED(calls_mutex_);

  const std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& calls_started_;
  prometheus::Family<prometheus::Histogram>& call_duration_;
  prometheus::Family<prometheus::Histogram>& call_sent_;
  prometheus::Family<prometheus::Histogram>& call_received_;
  prometheus::Histogram& commit_duration_;
  prometheus::Histogram& commit_batch_;
  prometheus::Histogram& sync_duration_;
  prometheus::Counter& wal_checkpoints_;
  prometheus::Counter& imported_;
  prometheus::Counter& retractions_;
  prometheus::Counter& chain_verify_failures_;
  std::vector<StreamMetrics> streams_;  // By StreamKind.
  absl::Mutex calls_mutex_;
  absl::flat_hash_map<std::string, CallMetrics> calls_ ABSL_GUARDED_BY(calls_mutex_);
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_METRICS_H_
