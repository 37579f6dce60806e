// RecordEvents against a real chanceryd: atomicity, validation, idempotency
// and optimistic concurrency.

#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using RecordEventsTest = ServerTest;

TEST_F(RecordEventsTest, RecordsADyadAndADomesticEventInRequestOrder) {
  v1::RecordEventsResponse response;
  grpc::Status status = Record({TestEvent(TestUuid(1)), TestEvent(TestUuid(2), "KHM", "KHM", "173"),
                               TestEvent(TestUuid(3), "KHM", "USA", "036")},
                              &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).stream(), "KHM-USA");
  EXPECT_EQ(response.results(0).position(), 1u);
  EXPECT_EQ(response.results(0).revision(), 0);
  EXPECT_EQ(response.results(1).stream(), "KHM");
  EXPECT_EQ(response.results(1).position(), 2u);
  EXPECT_EQ(response.results(1).revision(), 0);
  EXPECT_EQ(response.results(2).stream(), "KHM-USA");
  EXPECT_EQ(response.results(2).position(), 3u);
  EXPECT_EQ(response.results(2).revision(), 1);

  std::vector<v1::LogRecord> log = ReadWholeLog();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].event().event_id(), TestUuid(1));
  EXPECT_EQ(log[0].event().summary(), "Letter proposing a working group");
  EXPECT_EQ(log[0].event().citations(0).url(), "https://www.reuters.com/article/us-cambodia-usa");
  EXPECT_EQ(log[0].event().quad_class(), v1::QUAD_CLASS_VERBAL_COOPERATION);  // From the codebook.
  EXPECT_TRUE(log[0].event().has_goldstein());
  EXPECT_EQ(log[0].hash().size(), 32u);
  EXPECT_GT(log[0].record_time().seconds(), 0);
}

// The google.rpc.BadRequest inside one RecordResult's error.
std::vector<std::string> ResultBadFields(const v1::RecordResult& result) {
  std::vector<std::string> fields;
  for (const auto& any : result.error().details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      fields.push_back(violation.field());
    }
  }
  return fields;
}

TEST_F(RecordEventsTest, PartialSuccessRecordsTheGoodEventsAndRefusesEachBadOneAlone) {
  v1::RecordEventsRequest request;
  request.set_partial_success(true);
  *request.add_events() = TestEvent(TestUuid(1));
  v1::DiplomaticEvent unknown_code = TestEvent(TestUuid(2));
  unknown_code.set_cameo_code("999");
  *request.add_events() = unknown_code;
  *request.add_events() = TestEvent(TestUuid(3), "AFR", "USA", "042");  // A CAMEO region.
  v1::DiplomaticEvent unknown_actor = TestEvent(TestUuid(4));
  unknown_actor.mutable_target()->set_code("XYZ");
  *request.add_events() = unknown_actor;
  *request.add_events() = TestEvent(TestUuid(5), "KHM", "KHM", "173");
  v1::RecordEventsResponse response;
  grpc::Status status = Record(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 5);
  EXPECT_FALSE(response.results(0).has_error());
  EXPECT_EQ(response.results(0).position(), 1u);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(response.results(1).event_id(), TestUuid(2));
  EXPECT_EQ(response.results(1).position(), 0u);
  EXPECT_THAT(ResultBadFields(response.results(1)), ElementsAre("events[1].cameo_code"));
  EXPECT_EQ(response.results(2).stream(), "AFR-USA");
  EXPECT_EQ(response.results(2).position(), 2u);
  EXPECT_THAT(ResultBadFields(response.results(3)), ElementsAre("events[3].target.code"));
  EXPECT_EQ(response.results(4).stream(), "KHM");
  EXPECT_EQ(response.results(4).position(), 3u);

  std::vector<v1::LogRecord> log = ReadWholeLog();
  ASSERT_EQ(log.size(), 3u) << "the refused events never reach the log";
  EXPECT_EQ(log[1].event().event_id(), TestUuid(3));
}

TEST_F(RecordEventsTest, PartialSuccessRefusesAnIdRecordedWithOtherContentAndKeepsTheRest) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1))}).ok());
  v1::RecordEventsRequest request;
  request.set_partial_success(true);
  *request.add_events() = TestEvent(TestUuid(2));
  *request.add_events() = TestEvent(TestUuid(1), "USA", "KHM", "042");  // Same id, new content.
  *request.add_events() = TestEvent(TestUuid(3));
  v1::RecordEventsResponse response;
  grpc::Status status = Record(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).position(), 2u);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(ResultBadFields(response.results(1)), ElementsAre("events[1].event_id"));
  EXPECT_EQ(response.results(2).position(), 3u);
  EXPECT_EQ(ReadWholeLog().size(), 3u);

  // The same request again: the recorded events are duplicates, the refused one still refused.
  response.Clear();
  ASSERT_TRUE(Record(request, &response).ok());
  EXPECT_TRUE(response.results(0).duplicate());
  EXPECT_EQ(response.results(0).position(), 2u);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_TRUE(response.results(2).duplicate());
  EXPECT_EQ(ReadWholeLog().size(), 3u);
}

TEST_F(RecordEventsTest, PartialSuccessStillRefusesARequestThatIsWrongAsAWhole) {
  v1::RecordEventsRequest request;
  request.set_partial_success(true);
  *request.add_events() = TestEvent(TestUuid(1));
  (*request.mutable_expected_revisions())["USA-KHM"].set_exact(0);  // Not canonical.
  grpc::Status status = Record(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("expected_revisions[USA-KHM]"));

  request.clear_expected_revisions();
  (*request.mutable_expected_revisions())["KHM-USA"].set_exact(4);
  status = Record(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_TRUE(ReadWholeLog().empty());
}

TEST_F(RecordEventsTest, PartialSuccessWithEveryEventRefusedRecordsNothing) {
  v1::RecordEventsRequest request;
  request.set_partial_success(true);
  v1::DiplomaticEvent bad = TestEvent(TestUuid(1));
  bad.set_cameo_code("999");
  *request.add_events() = bad;
  v1::RecordEventsResponse response;
  ASSERT_TRUE(Record(request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(ReadWholeLog().empty());
}

TEST_F(RecordEventsTest, ABadEventRejectsTheWholeRequestNamingEachField) {
  v1::DiplomaticEvent unknown_code = TestEvent(TestUuid(2));
  unknown_code.set_cameo_code("999");
  v1::DiplomaticEvent bad_date = TestEvent(TestUuid(3));
  bad_date.mutable_occur_date()->set_month(2);
  bad_date.mutable_occur_date()->set_day(30);
  v1::DiplomaticEvent no_target = TestEvent(TestUuid(4));
  no_target.clear_target();
  grpc::Status status = Record({TestEvent(TestUuid(1)), unknown_code, bad_date, no_target});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::vector<std::string> fields = BadFields(status);
  EXPECT_THAT(fields, Contains("events[1].cameo_code"));
  EXPECT_THAT(fields, Contains("events[2].occur_date"));
  EXPECT_THAT(fields, Contains(HasSubstr("events[3].target")));
  EXPECT_THAT(status.error_message(), HasSubstr("events[1].cameo_code"));
  EXPECT_TRUE(ReadWholeLog().empty()) << "nothing of a rejected request reaches the log";
}

TEST_F(RecordEventsTest, AnEmptyRequestIsInvalid) {
  grpc::Status status = Record(std::vector<v1::DiplomaticEvent>{});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("events"));
}

TEST_F(RecordEventsTest, ARetryRecordsNothingTwice) {
  std::vector<v1::DiplomaticEvent> events = {TestEvent(TestUuid(1)), TestEvent(TestUuid(2))};
  v1::RecordEventsResponse first, retry;
  ASSERT_TRUE(Record(events, &first).ok());
  ASSERT_TRUE(Record(events, &retry).ok());
  for (int i = 0; i < 2; ++i) {
    EXPECT_FALSE(first.results(i).duplicate());
    EXPECT_TRUE(retry.results(i).duplicate());
    EXPECT_EQ(retry.results(i).position(), first.results(i).position());
  }
  EXPECT_EQ(ReadWholeLog().size(), 2u);
}

TEST_F(RecordEventsTest, AnUpperCaseIdIsTheSameEvent) {
  std::string id = TestUuid(0xabc);
  ASSERT_TRUE(Record({TestEvent(id)}).ok());
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  v1::RecordEventsResponse retry;
  ASSERT_TRUE(Record({TestEvent(upper)}, &retry).ok());
  EXPECT_TRUE(retry.results(0).duplicate());
  EXPECT_EQ(retry.results(0).event_id(), id);
}

TEST_F(RecordEventsTest, TheSameIdWithOtherContentIsAlreadyExists) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1))}).ok());
  v1::DiplomaticEvent changed = TestEvent(TestUuid(1));
  changed.set_summary("Another summary");
  grpc::Status status = Record({TestEvent(TestUuid(2)), changed});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(BadFields(status), ElementsAre("events[1].event_id"));
  EXPECT_EQ(ReadWholeLog().size(), 1u);
}

TEST_F(RecordEventsTest, AStaleExpectedRevisionIsAbortedWithTheCurrentOne) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1)), TestEvent(TestUuid(2))}).ok());
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(TestUuid(3));
  (*request.mutable_expected_revisions())["KHM-USA"].set_exact(0);
  grpc::Status status = Record(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  v1::RevisionConflict conflict = Detail<v1::RevisionConflict>(status);
  EXPECT_EQ(conflict.stream(), "KHM-USA");
  EXPECT_EQ(conflict.current_revision(), 1);
  EXPECT_EQ(conflict.expected_revision().exact(), 0);

  (*request.mutable_expected_revisions())["KHM-USA"].set_exact(1);
  v1::RecordEventsResponse response;
  ASSERT_TRUE(Record(request, &response).ok());
  EXPECT_EQ(response.results(0).revision(), 2);
}

TEST_F(RecordEventsTest, NoStreamExpectationOnANewDyad) {
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(TestUuid(1), "CHN", "KHM", "057");
  (*request.mutable_expected_revisions())["CHN-KHM"].set_no_stream(true);
  ASSERT_TRUE(Record(request).ok());
  *request.mutable_events(0) = TestEvent(TestUuid(2), "CHN", "KHM", "057");
  grpc::Status status = Record(request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Detail<v1::RevisionConflict>(status).current_revision(), 0);
}

TEST_F(RecordEventsTest, AThousandEventsInOneCall) {
  std::vector<v1::DiplomaticEvent> events;
  for (int i = 0; i < 1000; ++i) events.push_back(TestEvent(TestUuid(i)));
  v1::RecordEventsResponse response;
  ASSERT_TRUE(Record(events, &response).ok());
  EXPECT_EQ(response.results(999).position(), 1000u);
  events.push_back(TestEvent(TestUuid(1000)));
  grpc::Status too_many = Record(events);
  EXPECT_EQ(too_many.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(too_many), ElementsAre("events"));
}

TEST_F(RecordEventsTest, LargeEventsReadBackInPagesUnderFourMebibytes) {
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<v1::DiplomaticEvent> events;
    for (int i = 0; i < 200; ++i) {
      events.push_back(TestEvent(TestUuid(batch * 200 + i)));
      events.back().set_summary(std::string(1999, 'x'));
      for (int c = 0; c < 4; ++c) {
        events.back().add_citations()->set_url("https://example.org/" + std::string(2000, 'p'));
      }
    }
    ASSERT_TRUE(Record(events).ok());
  }
  EXPECT_EQ(ReadWholeLog().size(), 600u);  // 6 MB in all: more than one page.
}

TEST_F(RecordEventsTest, ARequestOverFourMebibytesIsRefusedByTheTransport) {
  std::vector<v1::DiplomaticEvent> events;
  for (int i = 0; i < 1000; ++i) {
    events.push_back(TestEvent(TestUuid(i)));
    events.back().set_summary(std::string(1999, 'x'));
    for (int c = 0; c < 3; ++c) {
      events.back().add_citations()->set_url("https://example.org/" + std::string(2000, 'p'));
    }
  }
  grpc::Status status = Record(events);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_TRUE(ReadWholeLog().empty());
}

}  // namespace
}  // namespace chancery::testing
