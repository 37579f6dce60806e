#include "services/server/serving_health.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/log.h"

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
    log::Write(log::Level::kInfo, "chanceryd: health SERVING: the store commits again");
  } else {
    log::Write(log::Level::kWarning,
               absl::StrCat("chanceryd: health NOT_SERVING until the store commits again: ",
                            writable.message()));
  }
}

}  // namespace chancery::server
