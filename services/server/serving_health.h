// ServingHealth: gRPC's health service follows whether the store can commit.
//
// While commits fail for a storage fault (a full disk, an I/O error, a lock
// held too long, the database file deleted or replaced), the server as a
// whole ("") and every service whose status was set answer NOT_SERVING, so
// that load balancers and orchestrators send writes elsewhere; once the
// store commits again, which it finds out by itself (event_store.h,
// SetWritabilityListener), they answer SERVING. Each change is a line on
// stderr, saying why.

#ifndef CHANCERY_SERVICES_SERVER_SERVING_HEALTH_H_
#define CHANCERY_SERVICES_SERVER_SERVING_HEALTH_H_

#include <grpcpp/health_check_service_interface.h>

#include "absl/status/status.h"
#include "eventstore/event_store.h"

namespace chancery::server {

class ServingHealth {
 public:
  // Follows `store` into `health` until destroyed; both must outlive it.
  ServingHealth(eventstore::EventStore& store, grpc::HealthCheckServiceInterface& health);
  ~ServingHealth();  // Stops following.

  ServingHealth(const ServingHealth&) = delete;
  ServingHealth& operator=(const ServingHealth&) = delete;

 private:
  void Follow(const absl::Status& writable);  // The store's writability listener.

  eventstore::EventStore& store_;
  grpc::HealthCheckServiceInterface& health_;
  bool serving_ = true;  // As last set; only the listener touches it.
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_SERVING_HEALTH_H_
