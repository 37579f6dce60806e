#include "services/server/sampled_gauges.h"

#include <utility>

namespace chancery::server {

void SampledGauges::Add(std::string name, std::string help, Read read) {
  absl::MutexLock lock(&mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::vector<prometheus::MetricFamily> SampledGauges::Collect() const {
  absl::MutexLock lock(&mutex_);
  std::vector<prometheus::MetricFamily> families;
  for (const Gauge& gauge : gauges_) {
    prometheus::MetricFamily family;
    family.name = gauge.name;
    family.help = gauge.help;
    family.type = prometheus::MetricType::Gauge;
    for (Sample& sample : gauge.read()) {
      prometheus::ClientMetric metric;
      for (auto& [name, value] : sample.labels) metric.label.push_back({name, value});
      metric.gauge.value = sample.value;
      family.metric.push_back(std::move(metric));
    }
    if (!family.metric.empty()) families.push_back(std::move(family));
  }
  return families;
}

}  // namespace chancery::server
