// EventLogService: the raw log, read by page or followed live.

#ifndef CHANCERY_SERVICES_SERVER_EVENT_LOG_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_EVENT_LOG_SERVICE_H_

#include "chancery/v1/event_log_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "services/server/call_limits.h"
#include "services/server/executor.h"
#include "services/server/metrics.h"
#include "services/server/log_fanout.h"
#include "services/server/projections.h"
#include "services/server/record_filter.h"

namespace chancery::server {

// SubscribeLog is served raw (bytes in, bytes out) so that its messages can
// share each record's serialization across subscribers
// (subscribe_log_reactor.h); clients see the same messages.
class EventLogService final
    : public v1::EventLogService::WithRawCallbackMethod_SubscribeLog<
          v1::EventLogService::CallbackService> {
 public:
  // All must outlive the service; `projections` tell CAMEO filters which
  // event a retraction retracts.
  // Reads run on `executor`; every call counts against its caller's `limits`;
  // subscriptions count in `metrics`.
  EventLogService(eventstore::EventStore* store, LogFanout* fanout, const Projections* projections,
                  Executor* executor, CallLimits* limits, Metrics* metrics)
      : store_(store),
        fanout_(fanout),
        projections_(projections),
        executor_(executor),
        limits_(limits),
        metrics_(metrics) {}

  grpc::ServerUnaryReactor* ReadLog(grpc::CallbackServerContext* context,
                                    const v1::ReadLogRequest* request,
                                    v1::ReadLogResponse* response) override;
  grpc::ServerUnaryReactor* ReadStream(grpc::CallbackServerContext* context,
                                       const v1::ReadStreamRequest* request,
                                       v1::ReadStreamResponse* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* SubscribeLog(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request) override;

 private:
  grpc::Status DoReadLog(const v1::ReadLogRequest& request, v1::ReadLogResponse& response);
  grpc::Status DoReadStream(const v1::ReadStreamRequest& request,
                            v1::ReadStreamResponse& response);

  eventstore::EventStore* const store_;
  LogFanout* const fanout_;
  const Projections* const projections_;
  Executor* const executor_;
  CallLimits* const limits_;
  Metrics* const metrics_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_EVENT_LOG_SERVICE_H_
