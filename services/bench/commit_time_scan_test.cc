#include "services/bench/commit_time_scan.h"

#include <grpcpp/support/byte_buffer.h>
#include <gtest/gtest.h>

#include "chancery/v1/event_log_service.pb.h"

namespace chancery::bench {
namespace {

// The response's bytes in two slices, as they may arrive off the wire.
grpc::ByteBuffer Serialized(const v1::SubscribeLogResponse& response) {
  const std::string wire = response.SerializeAsString();
  const size_t half = wire.size() / 2;
  grpc::Slice slices[] = {grpc::Slice(wire.data(), half),
                          grpc::Slice(wire.data() + half, wire.size() - half)};
  return grpc::ByteBuffer(slices, 2);
}

TEST(CommitTimeScanTest, ReadsEachRecordsCommitTimeAndSkipsTheRest) {
  v1::SubscribeLogResponse response;
  for (int i = 0; i < 3; ++i) {
    v1::LogRecord* record = response.mutable_records()->add_records();
    record->set_position(10 + i);
    record->set_stream("dyad/KHM/USA");
    record->mutable_record_time()->set_seconds(1574726400 + i);
    record->mutable_record_time()->set_nanos(123456789);
    record->mutable_event()->set_summary("letters exchanged");
    record->set_hash(std::string(32, 'h'));
  }
  grpc::ByteBuffer bytes = Serialized(response);
  ScannedResponse scanned;
  ScanCommitTimes(bytes, scanned);
  ASSERT_TRUE(scanned.ok);
  EXPECT_FALSE(scanned.caught_up);
  EXPECT_EQ(scanned.commit_times_us,
            (std::vector<int64_t>{1574726400123456, 1574726401123456, 1574726402123456}));
}

TEST(CommitTimeScanTest, RecognisesTheCaughtUpMarker) {
  v1::SubscribeLogResponse response;
  response.mutable_caught_up()->set_position(7);
  grpc::ByteBuffer bytes = Serialized(response);
  ScannedResponse scanned;
  ScanCommitTimes(bytes, scanned);
  ASSERT_TRUE(scanned.ok);
  EXPECT_TRUE(scanned.caught_up);
  EXPECT_TRUE(scanned.commit_times_us.empty());
}

TEST(CommitTimeScanTest, RejectsTruncatedBytes) {
  v1::SubscribeLogResponse response;
  response.mutable_records()->add_records()->mutable_record_time()->set_seconds(1);
  std::string wire = response.SerializeAsString();
  grpc::Slice truncated(wire.data(), wire.size() - 1);
  grpc::ByteBuffer bytes(&truncated, 1);
  ScannedResponse scanned;
  ScanCommitTimes(bytes, scanned);
  EXPECT_FALSE(scanned.ok);
}

}  // namespace
}  // namespace chancery::bench
