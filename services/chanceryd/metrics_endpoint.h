// MetricsEndpoint: Prometheus' text format at http://HOST:PORT/metrics
// (--metrics-listen), served by prometheus-cpp's Exposer (civetweb) on two
// threads of its own.

#ifndef CHANCERY_SERVICES_CHANCERYD_METRICS_ENDPOINT_H_
#define CHANCERY_SERVICES_CHANCERYD_METRICS_ENDPOINT_H_

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace chancery::chanceryd {

class MetricsEndpoint {
 public:
  // Start listens on `address` (HOST:PORT; port 0 picks one). An address in
  // use, or not of this host, is an error that names it.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(const std::string& address);

  // Expose adds what `collectable` holds to every scrape, and keeps it.
  void Expose(const std::shared_ptr<prometheus::Collectable>& collectable);
  // The port it listens on.
  int port() const;

 private:
  explicit MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer)
      : exposer_(std::move(exposer)) {}

  std::vector<std::shared_ptr<prometheus::Collectable>> exposed_;  // The exposer holds weak ones.
  std::unique_ptr<prometheus::Exposer> exposer_;  // Stops first: scrapes read what is exposed.
};

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_METRICS_ENDPOINT_H_
