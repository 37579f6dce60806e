// ReadLog and ReadStream against a real chanceryd: order, filters, paging.

#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ReadLogTest : public ServerTest {
 protected:
  // 30 events: positions 1..30 cycle through USA-KHM 036, CHN-KHM 057, KHM 173.
  void SetUp() override {
    ServerTest::SetUp();
    std::vector<v1::DiplomaticEvent> events;
    for (int i = 0; i < 30; ++i) {
      switch (i % 3) {
        case 0: events.push_back(TestEvent(TestUuid(i), "USA", "KHM", "036")); break;
        case 1: events.push_back(TestEvent(TestUuid(i), "CHN", "KHM", "057")); break;
        default: events.push_back(TestEvent(TestUuid(i), "KHM", "KHM", "173")); break;
      }
    }
    ASSERT_TRUE(Record(events).ok());
  }

  // ReadAll pages through ReadLog with `request` and returns the positions.
  std::vector<uint64_t> ReadAll(v1::ReadLogRequest request, int* pages = nullptr) {
    std::vector<uint64_t> positions;
    for (int page = 1;; ++page) {
      grpc::ClientContext context;
      v1::ReadLogResponse response;
      grpc::Status status = event_log_->ReadLog(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(response.head_position(), 30u);
      for (const auto& record : response.records()) positions.push_back(record.position());
      if (!status.ok() || response.next_page_token().empty()) {
        if (pages) *pages = page;
        return positions;
      }
      request.set_page_token(response.next_page_token());
    }
  }

  std::vector<uint64_t> Every(uint64_t first, uint64_t step) {
    std::vector<uint64_t> positions;
    for (uint64_t p = first; p <= 30; p += step) positions.push_back(p);
    return positions;
  }
};

TEST_F(ReadLogTest, PagesCoverTheLogInOrderOnce) {
  v1::ReadLogRequest request;
  request.set_page_size(7);
  int pages = 0;
  EXPECT_EQ(ReadAll(request, &pages), Every(1, 1));
  EXPECT_EQ(pages, 5);
}

TEST_F(ReadLogTest, StartsAtAPosition) {
  v1::ReadLogRequest request;
  request.set_start_position(28);
  EXPECT_THAT(ReadAll(request), ElementsAre(28, 29, 30));
  request.set_start_position(31);
  EXPECT_TRUE(ReadAll(request).empty());
}

TEST_F(ReadLogTest, FiltersByDyadEitherWayRound) {
  v1::ReadLogRequest request;
  request.mutable_filter()->add_streams("KHM-CHN");
  request.set_page_size(4);
  EXPECT_EQ(ReadAll(request), Every(2, 3));
}

TEST_F(ReadLogTest, FiltersByActorIncludingDomesticEvents) {
  v1::ReadLogRequest request;
  request.mutable_filter()->add_actor_codes("USA");
  EXPECT_EQ(ReadAll(request), Every(1, 3));
  request.mutable_filter()->set_actor_codes(0, "KHM");
  EXPECT_EQ(ReadAll(request), Every(1, 1));
}

TEST_F(ReadLogTest, FiltersByCameoCodePrefix) {
  v1::ReadLogRequest request;
  request.mutable_filter()->add_cameo_code_prefixes("17");
  EXPECT_EQ(ReadAll(request), Every(3, 3));
  request.mutable_filter()->add_cameo_code_prefixes("05");
  EXPECT_EQ(ReadAll(request).size(), 20u);
}

TEST_F(ReadLogTest, RejectsBadParametersNamingThem) {
  v1::ReadLogRequest request;
  request.set_page_size(1001);
  request.mutable_filter()->add_actor_codes("USA");
  request.mutable_filter()->add_actor_codes("XXQ");
  request.mutable_filter()->add_cameo_code_prefixes("abc");
  request.mutable_filter()->add_streams("KHM-USA-CHN");
  grpc::ClientContext context;
  v1::ReadLogResponse response;
  grpc::Status status = event_log_->ReadLog(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ::testing::UnorderedElementsAre("page_size", "filter.actor_codes[1]",
                                              "filter.cameo_code_prefixes[0]", "filter.streams[0]"));
}

TEST_F(ReadLogTest, ATokenOnlyContinuesItsOwnRequest) {
  v1::ReadLogRequest request;
  request.set_page_size(5);
  request.mutable_filter()->add_actor_codes("USA");
  grpc::ClientContext first_context;
  v1::ReadLogResponse first;
  ASSERT_TRUE(event_log_->ReadLog(&first_context, request, &first).ok());
  request.mutable_filter()->set_actor_codes(0, "CHN");
  request.set_page_token(first.next_page_token());
  grpc::ClientContext context;
  v1::ReadLogResponse response;
  grpc::Status status = event_log_->ReadLog(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("page_token"));

  request.set_page_token("garbage");
  grpc::ClientContext garbage_context;
  EXPECT_EQ(event_log_->ReadLog(&garbage_context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ReadLogTest, ReadsAStreamForwardsAndBackwardsByPage) {
  auto read = [&](v1::ReadStreamRequest request) {
    std::vector<int64_t> revisions;
    while (true) {
      grpc::ClientContext context;
      v1::ReadStreamResponse response;
      grpc::Status status = event_log_->ReadStream(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      EXPECT_EQ(response.last_revision(), 9);
      for (const auto& record : response.records()) {
        EXPECT_EQ(record.stream(), "KHM-USA");
        revisions.push_back(record.revision());
      }
      if (!status.ok() || response.next_page_token().empty()) return revisions;
      request.set_page_token(response.next_page_token());
    }
  };
  v1::ReadStreamRequest request;
  request.set_stream("usa-khm");
  request.set_page_size(4);
  EXPECT_THAT(read(request), ElementsAre(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  request.set_direction(v1::READ_DIRECTION_BACKWARD);
  EXPECT_THAT(read(request), ElementsAre(9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  request.set_start_revision(2);
  EXPECT_THAT(read(request), ElementsAre(2, 1, 0));
}

TEST_F(ReadLogTest, AnEmptyStreamReadsEmptyAndABadNameIsInvalid) {
  v1::ReadStreamRequest request;
  request.set_stream("FRA-USA");
  grpc::ClientContext context;
  v1::ReadStreamResponse response;
  ASSERT_TRUE(event_log_->ReadStream(&context, request, &response).ok());
  EXPECT_EQ(response.records_size(), 0);
  EXPECT_EQ(response.last_revision(), -1);

  request.set_stream("not a stream");
  request.set_start_revision(-3);
  request.set_direction(static_cast<v1::ReadDirection>(99));
  grpc::ClientContext bad_context;
  grpc::Status status = event_log_->ReadStream(&bad_context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("stream", "start_revision", "direction"));
}

}  // namespace
}  // namespace chancery::testing
