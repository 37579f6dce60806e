// SubscribeLog against a real chanceryd: catch-up then live with no gap or
// duplicate, markers, slow subscribers, and restarts.

#include <signal.h>
#include <sqlite3.h>

#include <fstream>

#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"
#include "tests/integration/subscription_reader.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAreArray;

std::vector<uint64_t> Range(uint64_t first, uint64_t last) {
  std::vector<uint64_t> positions;
  for (uint64_t p = first; p <= last; ++p) positions.push_back(p);
  return positions;
}

v1::SubscribeLogRequest After(uint64_t position) {
  v1::SubscribeLogRequest request;
  request.set_after_position(position);
  return request;
}

using SubscribeLogTest = ServerTest;

TEST_F(SubscribeLogTest, CatchesUpThenGoesLiveWithoutGapOrDuplicate) {
  RecordMany(0, 50);
  SubscriptionReader subscription(event_log_.get(), After(10));
  ASSERT_TRUE(subscription.WaitFor([](const auto& messages) {
    return !messages.empty() && messages.back().has_caught_up();
  }));
  std::vector<v1::SubscribeLogResponse> messages = subscription.messages();
  EXPECT_EQ(messages.back().caught_up().position(), 50u);
  EXPECT_THAT(subscription.record_positions(), ElementsAreArray(Range(11, 50)));

  // Live: recorded while subscribed, in several calls.
  for (int batch = 0; batch < 5; ++batch) RecordMany(50 + batch * 20, 20);
  ASSERT_TRUE(subscription.WaitForRecords(140));
  EXPECT_THAT(subscription.record_positions(), ElementsAreArray(Range(11, 150)));
}

TEST_F(SubscribeLogTest, SubscribersRacingWithWritersSeeEveryRecordOnce) {
  // Subscribe at several points while a writer runs: each sees a gapless tail.
  std::thread writer([&] {
    for (int batch = 0; batch < 40; ++batch) RecordMany(batch * 25, 25);
  });
  std::vector<std::unique_ptr<SubscriptionReader>> subscriptions;
  for (int i = 0; i < 8; ++i) {
    subscriptions.push_back(std::make_unique<SubscriptionReader>(event_log_.get(), After(0)));
    absl::SleepFor(absl::Milliseconds(15));
  }
  writer.join();
  for (auto& subscription : subscriptions) {
    ASSERT_TRUE(subscription->WaitForRecords(1000));
    EXPECT_THAT(subscription->record_positions(), ElementsAreArray(Range(1, 1000)));
  }
}

TEST_F(SubscribeLogTest, ARecordThatNoLongerDecodesKeepsItsPlace) {
  RecordMany(0, 3);
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET payload = x'ff' WHERE position = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  StartServer();

  // Read from the store while catching up, then from the fanout's window.
  SubscriptionReader subscription(event_log_.get(), After(0));
  ASSERT_TRUE(subscription.WaitFor([](const auto& messages) {
    return !messages.empty() && messages.back().has_caught_up();
  }));
  RecordMany(3, 1);
  ASSERT_TRUE(subscription.WaitForRecords(4));
  EXPECT_THAT(subscription.record_positions(), ElementsAreArray(Range(1, 4)));
  std::vector<v1::LogRecord> records;
  for (const auto& message : subscription.messages()) {
    for (const v1::LogRecord& record : message.records().records()) records.push_back(record);
  }
  ASSERT_EQ(records.size(), 4u);
  EXPECT_FALSE(records[1].has_event());  // Only its position and stream remain.
  EXPECT_EQ(records[1].stream(), records[0].stream());
  EXPECT_TRUE(records[2].has_event());
}

TEST_F(SubscribeLogTest, AnEmptyLogIsCaughtUpAtZero) {
  SubscriptionReader subscription(event_log_.get(), After(0));
  ASSERT_TRUE(subscription.WaitFor([](const auto& m) { return !m.empty(); }));
  EXPECT_EQ(subscription.messages()[0].caught_up().position(), 0u);
}

TEST_F(SubscribeLogTest, ASelectiveFilterStillGetsCheckpoints) {
  v1::SubscribeLogRequest request = After(0);
  request.mutable_filter()->add_streams("FRA-USA");
  SubscriptionReader subscription(event_log_.get(), request);
  for (int batch = 0; batch < 3; ++batch) RecordMany(batch * 1000, 1000);
  ASSERT_TRUE(subscription.WaitFor([](const auto& messages) {
    return !messages.empty() && messages.back().has_checkpoint() &&
           messages.back().checkpoint().position() == 3000;
  })) << "no checkpoint reached the head";
  EXPECT_TRUE(subscription.record_positions().empty());
}

TEST_F(SubscribeLogTest, APositionPastTheHeadIsOutOfRange) {
  RecordMany(0, 3);
  SubscriptionReader subscription(event_log_.get(), After(4));
  std::optional<grpc::Status> status = subscription.WaitForEnd();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

TEST_F(SubscribeLogTest, ABadFilterIsInvalid) {
  v1::SubscribeLogRequest request = After(0);
  request.mutable_filter()->add_cameo_code_prefixes("12345");
  SubscriptionReader subscription(event_log_.get(), request);
  std::optional<grpc::Status> status = subscription.WaitForEnd();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(*status), ElementsAreArray({"filter.cameo_code_prefixes[0]"}));
}

TEST_F(SubscribeLogTest, ASubscriberThatStopsReadingIsEndedWithItsPosition) {
  server_->Stop(SIGTERM);
  StartServer({"--subscriber-buffer=100"});
  // A small, fixed flow-control window, so the server's write in flight
  // stalls in the transport when the reader stops: that write reaches the
  // reader before the status does.
  grpc::ChannelArguments small_window;
  small_window.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  small_window.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  std::unique_ptr<v1::EventLogService::Stub> stalling = v1::EventLogService::NewStub(
      grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(),
                                small_window));
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeLogResponse>> reader =
      stalling->SubscribeLog(&context, After(0));
  v1::SubscribeLogResponse message;
  ASSERT_TRUE(reader->Read(&message));
  ASSERT_TRUE(message.has_caught_up());
  constexpr int kBatches = 40, kBatchSize = 50;
  constexpr uint64_t kRecords = kBatches * kBatchSize;
  // Stop reading while far more than the buffer is recorded, in big events,
  // so the transport's windows fill up too.
  for (int batch = 0; batch < kBatches; ++batch) {
    std::vector<v1::DiplomaticEvent> events;
    for (int i = 0; i < kBatchSize; ++i) {
      events.push_back(TestEvent(TestUuid(batch * kBatchSize + i)));
      events.back().set_summary(std::string(1900, 's'));
    }
    ASSERT_TRUE(Record(events).ok());
  }
  uint64_t last_received = 0;
  while (reader->Read(&message)) {
    for (const auto& record : message.records().records()) {
      EXPECT_EQ(record.position(), last_received + 1);
      last_received = record.position();
    }
  }
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_LT(last_received, kRecords);
  // The write stalled when the server ended the stream still reached the
  // reader, ahead of the status.
  EXPECT_GT(last_received, 0u);
  // The resume point is exactly what was delivered: resuming from it misses nothing and
  // repeats nothing.
  const uint64_t resume = Detail<v1::SubscriptionEnded>(status).last_position();
  EXPECT_EQ(resume, last_received);
  grpc::ClientContext again;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeLogResponse>> resumed =
      event_log_->SubscribeLog(&again, After(resume));
  uint64_t next = resume;
  while (next < kRecords && resumed->Read(&message)) {
    for (const auto& record : message.records().records()) {
      ASSERT_EQ(record.position(), next + 1);
      next = record.position();
    }
  }
  EXPECT_EQ(next, kRecords);
  again.TryCancel();
}

TEST_F(SubscribeLogTest, AThousandSubscribersDoNotNeedAThousandThreads) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<v1::EventLogService::Stub>> stubs;
  for (int c = 0; c < 10; ++c) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("chancery.test.channel", c);  // Distinct connections.
    channels.push_back(grpc::CreateCustomChannel(server_->address(),
                                                 grpc::InsecureChannelCredentials(), arguments));
    stubs.push_back(v1::EventLogService::NewStub(channels.back()));
  }
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::SubscribeLogResponse>>> readers;
  for (int i = 0; i < 1000; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    readers.push_back(stubs[i % stubs.size()]->SubscribeLog(contexts.back().get(), After(0)));
    v1::SubscribeLogResponse caught_up;
    ASSERT_TRUE(readers.back()->Read(&caught_up)) << "subscriber " << i;
  }
  RecordMany(0, 1);
  for (auto& reader : readers) {
    v1::SubscribeLogResponse message;
    ASSERT_TRUE(reader->Read(&message));
    ASSERT_EQ(message.records().records_size(), 1);
    EXPECT_EQ(message.records().records(0).position(), 1u);
  }
  std::ifstream status_file("/proc/" + std::to_string(server_->pid()) + "/status");
  std::string line;
  int threads = 0;
  while (std::getline(status_file, line)) {
    if (line.rfind("Threads:", 0) == 0) threads = std::stoi(line.substr(8));
  }
  EXPECT_GT(threads, 0);
  EXPECT_LT(threads, 100) << "chanceryd runs a thread per subscriber?";
  for (auto& context : contexts) context->TryCancel();
  for (auto& reader : readers) reader->Finish();
}

TEST_F(SubscribeLogTest, ASubscriberResumesAcrossARestartSeeingEachRecordOnce) {
  RecordMany(0, 100);
  std::vector<uint64_t> seen;
  {
    SubscriptionReader subscription(event_log_.get(), After(0));
    ASSERT_TRUE(subscription.WaitForRecords(100));
    std::thread writer([&] { RecordMany(100, 50); });
    writer.join();
    ASSERT_TRUE(subscription.WaitForRecords(150));
    EXPECT_EQ(server_->Stop(SIGTERM), 0);
    std::optional<grpc::Status> status = subscription.WaitForEnd();
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->error_code(), grpc::StatusCode::UNAVAILABLE) << status->error_message();
    EXPECT_EQ(Detail<v1::SubscriptionEnded>(*status).last_position(), 150u);
    seen = subscription.record_positions();
  }
  StartServer();
  RecordMany(150, 50);
  SubscriptionReader resumed(event_log_.get(), After(seen.back()));
  RecordMany(200, 50);
  ASSERT_TRUE(resumed.WaitForRecords(100));
  std::vector<uint64_t> after = resumed.record_positions();
  seen.insert(seen.end(), after.begin(), after.end());
  EXPECT_THAT(seen, ElementsAreArray(Range(1, 250)));
}

}  // namespace
}  // namespace chancery::testing
