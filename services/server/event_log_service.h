// EventLogService: the raw log, read by page or followed live.

#ifndef CHANCERY_SERVICES_SERVER_EVENT_LOG_SERVICE_H_
#define CHANCERY_SERVICES_SERVER_EVENT_LOG_SERVICE_H_

#include "chancery/v1/event_log_service.grpc.pb.h"
#include "eventstore/event_store.h"
#include "services/server/log_fanout.h"

namespace chancery::server {

class EventLogService final : public v1::EventLogService::CallbackService {
 public:
  // `store` and `fanout` must outlive the service.
  EventLogService(eventstore::EventStore* store, LogFanout* fanout)
      : store_(store), fanout_(fanout) {}

  grpc::ServerUnaryReactor* ReadLog(grpc::CallbackServerContext* context,
                                    const v1::ReadLogRequest* request,
                                    v1::ReadLogResponse* response) override;
  grpc::ServerUnaryReactor* ReadStream(grpc::CallbackServerContext* context,
                                       const v1::ReadStreamRequest* request,
                                       v1::ReadStreamResponse* response) override;
  grpc::ServerWriteReactor<v1::SubscribeLogResponse>* SubscribeLog(
      grpc::CallbackServerContext* context, const v1::SubscribeLogRequest* request) override;

 private:
  grpc::Status DoReadLog(const v1::ReadLogRequest& request, v1::ReadLogResponse& response);
  grpc::Status DoReadStream(const v1::ReadStreamRequest& request,
                            v1::ReadStreamResponse& response);

  eventstore::EventStore* const store_;
  LogFanout* const fanout_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_EVENT_LOG_SERVICE_H_
