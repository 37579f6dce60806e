#include "tests/integration/subscription_reader.h"

namespace chancery::testing {

bool SubscriptionReader::WaitForRecords(size_t count, absl::Duration timeout) {
  return WaitFor(
      [count](const std::vector<v1::SubscribeLogResponse>& messages) {
        size_t records = 0;
        for (const auto& message : messages) records += message.records().records_size();
        return records >= count;
      },
      timeout);
}

std::vector<uint64_t> SubscriptionReader::record_positions() {
  std::vector<uint64_t> positions;
  for (const auto& message : messages()) {
    for (const auto& record : message.records().records()) positions.push_back(record.position());
  }
  return positions;
}

}  // namespace chancery::testing
