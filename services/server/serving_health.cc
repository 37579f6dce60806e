#include "services/server/serving_health.h"

#include <cstdio>
#include <string>

namespace chancery::server {

ServingHealth::ServingHealth(eventstore::EventStore& store,
                             grpc::HealthCheckServiceInterface& health)
    : store_(store), health_(health) {
  store_.SetWritabilityListener([this](const absl::Status& writable) { Follow(writable); });
}

ServingHealth::~ServingHealth() { store_.SetWritabilityListener(nullptr); }

void ServingHealth::Follow(const absl::Status& writable) {
  health_.SetServingStatus(writable.ok());
  if (writable.ok() == serving_) return;  // The first call, at start: nothing changed.
  serving_ = writable.ok();
  if (serving_) {
    std::fprintf(stderr, "chanceryd: health SERVING: the store commits again\n");
  } else {
    std::fprintf(stderr, "chanceryd: health NOT_SERVING until the store commits again: %s\n",
                 std::string(writable.message()).c_str());
  }
}

}  // namespace chancery::server
