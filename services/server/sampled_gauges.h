// SampledGauges: gauges whose values are read when Prometheus scrapes, each
// by a function of its own: states rather than counts (the head, lags,
// sizes), which nothing has to keep up to date between scrapes.

#ifndef CHANCERY_SERVICES_SERVER_SAMPLED_GAUGES_H_
#define CHANCERY_SERVICES_SERVER_SAMPLED_GAUGES_H_

#include <prometheus/collectable.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace chancery::server {

class SampledGauges final : public prometheus::Collectable {
 public:
  struct Sample {
    prometheus::Labels labels;
    double value = 0;
  };
  // Read returns the gauge's samples now: none when it has no value (as
  // when the database cannot be reached). It runs on a scraping thread.
  using Read = std::function<std::vector<Sample>()>;

  void Add(std::string name, std::string help, Read read) ABSL_LOCKS_EXCLUDED(mutex_);
  std::vector<prometheus::MetricFamily> Collect() const override ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  struct Gauge {
    std::string name;
    std::string help;
    Read read;
  };
  mutable absl::Mutex mutex_;
  std::vector<Gauge> gauges_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_SAMPLED_GAUGES_H_
