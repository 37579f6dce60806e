#include "services/server/subscribe_log_reactor.h"

namespace chancery::server {
namespace {

// At most this many records in one message (each record is at most ~60 KB).
constexpr int kMaxRecordsPerMessage = 50;

}  // namespace

bool SubscribeLogPolicy::Take(const SharedRecord& record, std::deque<Response>& outbox) const {
  if (!filter_.Matches(*record)) return false;
  // Records queued together go out as one message.
  if (outbox.empty() || !outbox.back().has_records() ||
      outbox.back().records().records_size() >= kMaxRecordsPerMessage) {
    outbox.emplace_back().mutable_records();
  }
  *outbox.back().mutable_records()->add_records() = *record;
  return true;
}

uint64_t SubscribeLogPolicy::LastPosition(const Response& message) {
  const auto& records = message.records().records();
  return records.empty() ? 0 : records[records.size() - 1].position();
}

}  // namespace chancery::server
