// SubscribeLog: a LogStreamReactor whose policy passes the records that
// match the subscriber's filter, several to a message when the subscriber
// is busy.
//
// Messages go out as wire bytes assembled from each record's serialization,
// made once per record (PublishedRecord::wire) for every subscriber: a
// subscriber costs a copy of those bytes and their framing, gathered into
// one buffer per message, not a serialization of its own. The bytes are
// exactly those of the SubscribeLogResponse the proto defines.

#ifndef CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_

#include <grpcpp/support/byte_buffer.h>

#include <deque>
#include <string>

#include "chancery/v1/event_log_service.pb.h"
#include "services/server/log_stream_reactor.h"
#include "services/server/record_filter.h"

namespace chancery::server {

class SubscribeLogPolicy {
 public:
  struct Pending {
    enum class Kind { kRecords, kCaughtUp, kCheckpoint };
    Kind kind = Kind::kRecords;
    uint64_t position = 0;  // Of the marker, or of the last record.
    size_t record_count = 0;
    std::string batch;      // The LogRecordBatch's bytes, for kRecords.
  };
  using Response = grpc::ByteBuffer;

  explicit SubscribeLogPolicy(RecordFilter filter) : filter_(std::move(filter)) {}

  bool Take(const SharedRecord& record, std::deque<Pending>& outbox) const;
  static Pending CaughtUp(uint64_t position);
  static Pending Checkpoint(uint64_t position);
  static uint64_t Position(const Pending& message);
  Response Encode(Pending message) const;

 private:
  RecordFilter filter_;
};

using SubscribeLogReactor = LogStreamReactor<SubscribeLogPolicy>;

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_SUBSCRIBE_LOG_REACTOR_H_
