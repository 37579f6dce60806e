// SubscribeLog: a LogStreamReactor whose policy passes the records that
// match the subscriber's filter, several to a message when the subscriber
// is busy.

#ifndef CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_

#include <deque>

#include "chancery/v1/event_log_service.pb.h"
#include "services/server/log_stream_reactor.h"
#include "services/server/record_filter.h"

namespace chancery::server {

class SubscribeLogPolicy {
 public:
  using Response = v1::SubscribeLogResponse;

  explicit SubscribeLogPolicy(RecordFilter filter) : filter_(std::move(filter)) {}

  bool Take(const SharedRecord& record, std::deque<Response>& outbox) const;
  static uint64_t LastPosition(const Response& message);

 private:
  RecordFilter filter_;
};

using SubscribeLogReactor = LogStreamReactor<SubscribeLogPolicy>;

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_
