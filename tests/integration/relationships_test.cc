// RelationsService reads and RetractEvent against a real chanceryd: the
// bitemporal rules, retractions, paging, timelines, errors, and projections
// that survive a restart (from the snapshot, or rebuilt without it).

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using RelationshipsTest = ServerTest;

// Equal in every field a replay or a restart must keep.
void ExpectSameRelationship(const v1::Relationship& a, const v1::Relationship& b) {
  EXPECT_EQ(a.DebugString(), b.DebugString());
}

TEST_F(RelationshipsTest, ADyadWithoutEventsReadsAsNone) {
  const v1::Relationship relationship = Relationship("CHN-KHM", "2019-01-01");
  EXPECT_EQ(relationship.status(), v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_EQ(relationship.event_count(), 0);
  EXPECT_FALSE(relationship.has_last_event());
}

TEST_F(RelationshipsTest, LateEventsChangeThePastOnlyForQueriesThatKnowOfThem) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-06-01")}).ok());
  // Recorded second, but dated first: a 2018 sanction.
  ASSERT_TRUE(Record({TestEvent(TestUuid(2), "USA", "KHM", "163", "2018-01-10")}).ok());

  const v1::Relationship before = Relationship("KHM-USA", "2019-06-30", /*known_at=*/1);
  const v1::Relationship after = Relationship("KHM-USA", "2019-06-30", /*known_at=*/2);
  EXPECT_EQ(before.event_count(), 1);
  EXPECT_EQ(after.event_count(), 2);
  EXPECT_EQ(after.measures_size(), 1);
  EXPECT_EQ(before.measures_size(), 0);
  EXPECT_EQ(after.known_at_position(), 2u);
  // The latest event by date is the visit, whichever was recorded last.
  EXPECT_EQ(after.last_event().event().event_id(), TestUuid(1));
  // Before the sanction's date, nobody sees it.
  EXPECT_EQ(Relationship("KHM-USA", "2018-01-09").event_count(), 0);
}

TEST_F(RelationshipsTest, KnownAtATimeSeesWhatWasRecordedByThen) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1))}).ok());
  const std::vector<v1::LogRecord> log = ReadWholeLog();
  ASSERT_EQ(log.size(), 1u);
  absl::SleepFor(absl::Milliseconds(20));
  ASSERT_TRUE(Record({TestEvent(TestUuid(2))}).ok());

  v1::GetRelationshipRequest request;
  request.set_dyad("KHM-USA");
  *request.mutable_known_at()->mutable_time() = log[0].record_time();
  grpc::ClientContext context;
  v1::GetRelationshipResponse response;
  ASSERT_TRUE(relations_->GetRelationship(&context, request, &response).ok());
  EXPECT_EQ(response.relationship().known_at_position(), 1u);
  EXPECT_EQ(response.relationship().event_count(), 1);
}

TEST_F(RelationshipsTest, KnownAtPastTheHeadIsOutOfRange) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1))}).ok());
  v1::GetRelationshipRequest request;
  request.set_dyad("KHM-USA");
  request.mutable_known_at()->set_position(2);
  grpc::ClientContext context;
  v1::GetRelationshipResponse response;
  EXPECT_EQ(relations_->GetRelationship(&context, request, &response).error_code(),
            grpc::StatusCode::OUT_OF_RANGE);
}

TEST_F(RelationshipsTest, KnownAtAnInvalidTimestampIsInvalid) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1))}).ok());
  for (const auto& [seconds, nanos] :
       {std::pair<int64_t, int32_t>{1, -1}, {1, 1000000000}, {253402300800, 0}}) {
    v1::GetRelationshipRequest request;
    request.set_dyad("KHM-USA");
    request.mutable_known_at()->mutable_time()->set_seconds(seconds);
    request.mutable_known_at()->mutable_time()->set_nanos(nanos);
    grpc::ClientContext context;
    v1::GetRelationshipResponse response;
    grpc::Status status = relations_->GetRelationship(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << seconds << " " << nanos;
    EXPECT_EQ(BadFields(status), std::vector<std::string>{"known_at.time"});
  }
}

TEST_F(RelationshipsTest, BadReadsNameTheField) {
  for (const std::string dyad : {"KHM", "KHM-XXX", "usa khm", ""}) {
    v1::GetRelationshipRequest request;
    request.set_dyad(dyad);
    grpc::ClientContext context;
    v1::GetRelationshipResponse response;
    grpc::Status status = relations_->GetRelationship(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << dyad;
    EXPECT_EQ(BadFields(status), std::vector<std::string>{"dyad"}) << dyad;
  }
  v1::ListRelationshipsRequest list;
  list.set_order_by("popularity");
  list.set_page_size(5000);
  grpc::ClientContext context;
  v1::ListRelationshipsResponse listed;
  grpc::Status status = relations_->ListRelationships(&context, list, &listed);
  EXPECT_EQ(BadFields(status), (std::vector<std::string>{"order_by", "page_size"}));
}

TEST_F(RelationshipsTest, RetractionRemovesTheEventForQueriesThatKnowOfIt) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "163", "2019-01-10"),
                      TestEvent(TestUuid(2), "USA", "KHM", "042", "2019-02-10")})
                  .ok());
  v1::RetractEventResponse retracted;
  grpc::Status status = Retract(TestUuid(1), "misreported: no sanction", &retracted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retracted.result().position(), 3u);
  EXPECT_EQ(retracted.result().stream(), "KHM-USA");
  EXPECT_FALSE(retracted.result().duplicate());

  EXPECT_EQ(Relationship("KHM-USA", "2019-03-01", 2).measures_size(), 1);
  const v1::Relationship now = Relationship("KHM-USA", "2019-03-01");
  EXPECT_EQ(now.measures_size(), 0);
  EXPECT_EQ(now.event_count(), 1);

  // Again with the same reason: a duplicate. Another reason: refused.
  ASSERT_TRUE(Retract(TestUuid(1), "misreported: no sanction", &retracted).ok());
  EXPECT_TRUE(retracted.result().duplicate());
  EXPECT_EQ(retracted.result().position(), 3u);
  EXPECT_EQ(Retract(TestUuid(1), "another reason").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Retract(TestUuid(9), "no such event").error_code(),
            grpc::StatusCode::NOT_FOUND);
  status = Retract("not-a-uuid", "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), (std::vector<std::string>{"event_id", "reason"}));
}

TEST_F(RelationshipsTest, ACameoFilterPassesRetractionsOfTheEventsItMatches) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "163", "2019-01-10"),
                      TestEvent(TestUuid(2), "USA", "KHM", "042", "2019-02-10")})
                  .ok());
  ASSERT_TRUE(Retract(TestUuid(1), "misreported").ok());
  ASSERT_TRUE(Retract(TestUuid(2), "misreported").ok());
  v1::ReadLogRequest request;
  request.mutable_filter()->add_cameo_code_prefixes("16");
  grpc::ClientContext context;
  v1::ReadLogResponse response;
  ASSERT_TRUE(event_log_->ReadLog(&context, request, &response).ok());
  ASSERT_EQ(response.records_size(), 2);
  EXPECT_EQ(response.records(0).position(), 1u);
  EXPECT_EQ(response.records(1).position(), 3u);
  EXPECT_EQ(response.records(1).retraction().retracted_event_id(), TestUuid(1));
}

TEST_F(RelationshipsTest, ListRelationshipsFiltersOrdersAndPagesConsistently) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "163", "2019-01-10"),
                      TestEvent(TestUuid(2), "CHN", "KHM", "071", "2019-01-10"),
                      TestEvent(TestUuid(3), "USA", "CHN", "042", "2019-01-10"),
                      TestEvent(TestUuid(4), "KHM", "KHM", "173", "2019-01-10")})
                  .ok());
  v1::ListRelationshipsRequest request;
  request.set_actor_code("KHM");
  *request.mutable_as_of_date() = Date("2019-02-01");
  request.set_page_size(1);
  std::vector<std::string> dyads;
  while (true) {
    grpc::ClientContext context;
    v1::ListRelationshipsResponse response;
    grpc::Status status = relations_->ListRelationships(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const auto& relationship : response.relationships()) dyads.push_back(relationship.dyad());
    // Recorded between pages: the pages keep the first page's point in time.
    ASSERT_TRUE(Record({TestEvent(TestUuid(100 + dyads.size()), "KHM", "VNM", "042",
                                  "2019-01-11")})
                    .ok());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  // Most cooperative first; the domestic stream is not a relationship.
  EXPECT_EQ(dyads, (std::vector<std::string>{"CHN-KHM", "KHM-USA"}));

  v1::ListRelationshipsRequest strained;
  strained.set_status(v1::RELATIONSHIP_STATUS_STRAINED);
  grpc::ClientContext context;
  v1::ListRelationshipsResponse response;
  ASSERT_TRUE(relations_->ListRelationships(&context, strained, &response).ok());
  // A sanction with no cooperation to weigh against it strains relations.
  ASSERT_EQ(response.relationships_size(), 1);
  EXPECT_EQ(response.relationships(0).dyad(), "KHM-USA");
}

TEST_F(RelationshipsTest, TimelineListsEventsInDateOrderWithMonthlyAggregates) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-03-05"),
                      TestEvent(TestUuid(2), "USA", "KHM", "163", "2019-01-10"),
                      TestEvent(TestUuid(3), "KHM", "USA", "111", "2019-01-20")})
                  .ok());
  ASSERT_TRUE(Retract(TestUuid(3), "duplicate report").ok());

  v1::GetTimelineRequest request;
  request.set_dyad("USA-KHM");
  request.set_include_retracted(true);
  grpc::ClientContext context;
  v1::GetTimelineResponse response;
  ASSERT_TRUE(relations_->GetTimeline(&context, request, &response).ok());
  EXPECT_EQ(response.dyad(), "KHM-USA");
  ASSERT_EQ(response.entries_size(), 3);
  EXPECT_EQ(response.entries(0).record().event().event_id(), TestUuid(2));
  EXPECT_EQ(response.entries(1).record().event().event_id(), TestUuid(3));
  EXPECT_EQ(response.entries(1).retraction_position(), 4u);
  EXPECT_EQ(response.entries(2).record().event().event_id(), TestUuid(1));
  // January, February (empty), March.
  ASSERT_EQ(response.months_size(), 3);
  EXPECT_EQ(response.months(0).counts().material_conflict(), 1);
  EXPECT_EQ(response.months(0).counts().verbal_conflict(), 0);  // Retracted.
  EXPECT_DOUBLE_EQ(response.months(0).goldstein_sum(), -8);
  EXPECT_EQ(response.months(1).goldstein_sum(), 0);
  EXPECT_LT(response.months(1).end_score(), 0);
  EXPECT_EQ(response.months(2).month().month(), 3);
  EXPECT_EQ(response.known_at_position(), 4u);
}

TEST_F(RelationshipsTest, ATimelineAggregatesAtMostACenturyOfMonths) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-03-05")}).ok());
  v1::GetTimelineRequest request;
  request.set_dyad("USA-KHM");
  *request.mutable_start_date() = Date("1800-01-01");
  *request.mutable_end_date() = Date("9999-12-31");
  grpc::ClientContext context;
  v1::GetTimelineResponse response;
  grpc::Status status = relations_->GetTimeline(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"end_date"});
  EXPECT_NE(status.error_message().find("spans 98400 months"), std::string::npos)
      << status.error_message();

  *request.mutable_start_date() = Date("1920-01-01");
  *request.mutable_end_date() = Date("2019-12-31");  // 1,200 months.
  grpc::ClientContext allowed;
  ASSERT_TRUE(relations_->GetTimeline(&allowed, request, &response).ok());
  EXPECT_EQ(response.months_size(), 1200);
}

TEST_F(RelationshipsTest, WideTimelinesHoldUpNeitherWritesNorReads) {
  // 10,000 events on one dyad, every day of 2019 busy.
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<v1::DiplomaticEvent> events;
    for (int i = 0; i < 1000; ++i) {
      const int id = batch * 1000 + i;
      events.push_back(TestEvent(TestUuid(id), id % 2 ? "USA" : "KHM", id % 2 ? "KHM" : "USA",
                                 id % 3 ? "042" : "112",
                                 absl::FormatCivilTime(absl::CivilDay(2019, 1, 1) + id % 365)));
    }
    ASSERT_TRUE(Record(events).ok());
  }
  v1::GetTimelineRequest century;
  century.set_dyad("USA-KHM");
  *century.mutable_start_date() = Date("1920-01-01");
  *century.mutable_end_date() = Date("2019-12-31");
  century.set_page_size(1);
  std::atomic<bool> writing{true};
  std::vector<std::thread> readers;
  std::atomic<int> timelines{0};
  for (int reader = 0; reader < 2; ++reader) {
    readers.emplace_back([&] {
      while (writing) {
        grpc::ClientContext context;
        v1::GetTimelineResponse response;
        grpc::Status status = relations_->GetTimeline(&context, century, &response);
        EXPECT_TRUE(status.ok()) << status.error_message();
        EXPECT_EQ(response.months_size(), 1200);
        ++timelines;
      }
    });
  }
  // Meanwhile, every write is acknowledged and read back at once.
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(Record({TestEvent(TestUuid(20000 + i), "FRA", "USA", "042", "2019-06-01")}).ok());
    EXPECT_EQ(Relationship("FRA-USA").event_count(), i + 1);
  }
  writing = false;
  for (std::thread& reader : readers) reader.join();
  EXPECT_GT(timelines, 0);
}

TEST_F(RelationshipsTest, ProjectionsSurviveARestartWithOrWithoutTheirSnapshot) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "163", "2019-01-10"),
                      TestEvent(TestUuid(2), "CHN", "KHM", "071", "2019-01-10")})
                  .ok());
  ASSERT_TRUE(Retract(TestUuid(1), "misreported").ok());
  const v1::Relationship live = Relationship("KHM-USA", "2019-02-01");
  const v1::Relationship live_known_before = Relationship("KHM-USA", "2019-02-01", 2);

  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  const std::string snapshot = db_path_ + ".projections";
  ASSERT_TRUE(std::ifstream(snapshot).good()) << "no snapshot written at shutdown";
  StartServer();
  ExpectSameRelationship(Relationship("KHM-USA", "2019-02-01"), live);
  ExpectSameRelationship(Relationship("KHM-USA", "2019-02-01", 2), live_known_before);

  // Killed after one more event: the snapshot is older than the log, and
  // the restart replays the tail.
  ASSERT_TRUE(Record({TestEvent(TestUuid(3), "USA", "KHM", "042", "2019-01-20")}).ok());
  const v1::Relationship later = Relationship("KHM-USA", "2019-02-01");
  EXPECT_EQ(later.event_count(), 1);
  server_->Stop(SIGKILL);
  StartServer();
  ExpectSameRelationship(Relationship("KHM-USA", "2019-02-01"), later);

  // Rebuilt from scratch: the same answers.
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  ASSERT_EQ(std::remove(snapshot.c_str()), 0);
  StartServer();
  ExpectSameRelationship(Relationship("KHM-USA", "2019-02-01"), later);

  // A snapshot that does not match the log is discarded, with a warning.
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  std::ofstream(snapshot, std::ios::trunc) << "garbage";
  StartServer();
  ExpectSameRelationship(Relationship("KHM-USA", "2019-02-01"), later);
  EXPECT_NE(server_->Stderr().find("rebuilding the projections"), std::string::npos)
      << server_->Stderr();
}

}  // namespace
}  // namespace chancery::testing
