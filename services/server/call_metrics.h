// CallMetricsInterceptor: counts each gRPC call for Metrics, as
// OpenTelemetry's gRPC metrics do (proposal A66): started, duration, and the
// bytes of the messages sent and received (serialized; chanceryd does not
// compress), labelled with the method and the status sent.

#ifndef CHANCERY_SERVICES_SERVER_CALL_METRICS_H_
#define CHANCERY_SERVICES_SERVER_CALL_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "services/server/metrics.h"

namespace chancery::server {

// For grpc::ServerBuilder::experimental().SetInterceptorCreators;
// `metrics` outlives the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallMetricsInterceptorFactory(Metrics* metrics);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_CALL_METRICS_H_
