#include "tests/integration/subscription_reader.h"

namespace chancery::testing {

SubscriptionReader::SubscriptionReader(v1::EventLogService::Stub* stub,
                                       const v1::SubscribeLogRequest& request)
    : reader_([this, stub, request] {
        std::unique_ptr<grpc::ClientReader<v1::SubscribeLogResponse>> reader =
            stub->SubscribeLog(&context_, request);
        v1::SubscribeLogResponse message;
        while (reader->Read(&message)) {
          std::lock_guard<std::mutex> lock(mutex_);
          messages_.push_back(message);
          changed_.notify_all();
        }
        grpc::Status status = reader->Finish();
        std::lock_guard<std::mutex> lock(mutex_);
        status_ = status;
        changed_.notify_all();
      }) {}

SubscriptionReader::~SubscriptionReader() {
  context_.TryCancel();
  reader_.join();
}

bool SubscriptionReader::WaitFor(
    const std::function<bool(const std::vector<v1::SubscribeLogResponse>&)>& done,
    absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, absl::ToChronoTime(absl::Now() + timeout),
                      [&] { return done(messages_) || status_.has_value(); });
  return done(messages_);
}

bool SubscriptionReader::WaitForRecords(size_t count, absl::Duration timeout) {
  return WaitFor(
      [count](const std::vector<v1::SubscribeLogResponse>& messages) {
        size_t records = 0;
        for (const auto& message : messages) records += message.records().records_size();
        return records >= count;
      },
      timeout);
}

std::optional<grpc::Status> SubscriptionReader::WaitForEnd(absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, absl::ToChronoTime(absl::Now() + timeout),
                      [&] { return status_.has_value(); });
  return status_;
}

std::vector<v1::SubscribeLogResponse> SubscriptionReader::messages() {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_;
}

std::vector<uint64_t> SubscriptionReader::record_positions() {
  std::vector<uint64_t> positions;
  for (const auto& message : messages()) {
    for (const auto& record : message.records().records()) positions.push_back(record.position());
  }
  return positions;
}

}  // namespace chancery::testing
