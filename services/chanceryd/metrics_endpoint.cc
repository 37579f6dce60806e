#include "services/chanceryd/metrics_endpoint.h"

#include <exception>
#include <stdexcept>
#include <vector>

#include "absl/strings/str_cat.h"

namespace chancery::chanceryd {

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address) {
  // civetweb's options. A scrape that sends half a request is given up after
  // 5 s, so that it cannot hold shutdown (which waits for the scraping
  // threads) longer than that.
  std::vector<std::string> options = {"listening_ports", address, "num_threads", "2",
                                      "request_timeout_ms", "5000"};
  try {
    auto exposer = std::make_unique<prometheus::Exposer>(std::move(options));
    if (exposer->GetListeningPorts().empty()) {
      throw std::runtime_error("no port bound");
    }
    return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(exposer)));
  } catch (const std::exception& error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot serve metrics on --metrics-listen=", address,
        " (in use, or not an address of this host): ", error.what()));
  }
}

void MetricsEndpoint::Expose(const std::shared_ptr<prometheus::Collectable>& collectable) {
  exposed_.push_back(collectable);
  exposer_->RegisterCollectable(collectable);
}

int MetricsEndpoint::port() const { return exposer_->GetListeningPorts().front(); }

}  // namespace chancery::chanceryd
