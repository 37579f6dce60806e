// AuditService against a real chanceryd: the hash chain, a relationship's
// replay, and an export that rebuilds every relationship in a new server.

#include <sqlite3.h>

#include "tests/integration/server_fixture.h"
#include "tests/integration/stream_reader.h"

namespace chancery::testing {
namespace {

using AuditTest = ServerTest;

template <typename Response>
std::vector<Response> ReadAll(StreamReader<Response>& reader) {
  std::optional<grpc::Status> end = reader.WaitForEnd();
  EXPECT_TRUE(end.has_value() && end->ok()) << (end ? end->error_message() : "no end");
  return reader.messages();
}

std::vector<v1::Relationship> AllRelationships(v1::RelationsService::Stub& stub,
                                               const std::string& as_of) {
  v1::ListRelationshipsRequest request;
  *request.mutable_as_of_date() = Date(as_of);
  request.set_order_by("dyad");
  grpc::ClientContext context;
  v1::ListRelationshipsResponse response;
  EXPECT_TRUE(stub.ListRelationships(&context, request, &response).ok());
  return {response.relationships().begin(), response.relationships().end()};
}

// A relationship without what only the original log has: positions, record
// times and hashes.
std::string Comparable(v1::Relationship relationship) {
  relationship.clear_known_at_position();
  v1::LogRecord* last = relationship.mutable_last_event();
  last->clear_position();
  last->clear_revision();
  last->clear_record_time();
  last->clear_hash();
  return relationship.DebugString();
}

TEST_F(AuditTest, VerifyLogAnswersTheHeadHash) {
  RecordMany(1, 5);
  grpc::ClientContext context;
  v1::VerifyLogResponse response;
  ASSERT_TRUE(audit_->VerifyLog(&context, v1::VerifyLogRequest(), &response).ok());
  EXPECT_EQ(response.verified_count(), 5u);
  EXPECT_EQ(response.first_bad_position(), 0u);
  EXPECT_EQ(response.head_hash(), ReadWholeLog().back().hash());
}

TEST_F(AuditTest, VerifyLogNamesTheFirstAlteredPosition) {
  RecordMany(1, 5);
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET payload = payload || x'00' WHERE position = 3",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  StartServer();
  grpc::ClientContext context;
  v1::VerifyLogResponse response;
  ASSERT_TRUE(audit_->VerifyLog(&context, v1::VerifyLogRequest(), &response).ok());
  EXPECT_EQ(response.verified_count(), 2u);
  EXPECT_EQ(response.first_bad_position(), 3u);
  EXPECT_TRUE(response.head_hash().empty());
  EXPECT_FALSE(response.problem().empty());
}

TEST_F(AuditTest, ReplayShowsTheStateAfterEachEventInDateOrder) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "042", "2019-03-01"),
                      TestEvent(TestUuid(2), "USA", "KHM", "042", "2019-01-01"),
                      TestEvent(TestUuid(3), "USA", "KHM", "163", "2019-02-01")})
                  .ok());
  v1::ReplayRelationshipRequest request;
  request.set_dyad("USA-KHM");
  StreamReader<v1::ReplayRelationshipResponse> reader([&](grpc::ClientContext* context) {
    return audit_->ReplayRelationship(context, request);
  });
  const std::vector<v1::ReplayRelationshipResponse> steps = ReadAll(reader);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].record().event().event_id(), TestUuid(2));
  EXPECT_EQ(steps[0].state_after().status(), v1::RELATIONSHIP_STATUS_UNKNOWN);
  EXPECT_EQ(steps[1].record().event().event_id(), TestUuid(3));
  EXPECT_EQ(steps[1].state_after().status(), v1::RELATIONSHIP_STATUS_STRAINED);
  EXPECT_EQ(steps[2].state_after().event_count(), 3);
  // Each state equals GetRelationship as of the event's date.
  EXPECT_EQ(steps[1].state_after().score(), Relationship("KHM-USA", "2019-02-01").score());

  request.set_dyad("KHM");
  StreamReader<v1::ReplayRelationshipResponse> refused([&](grpc::ClientContext* context) {
    return audit_->ReplayRelationship(context, request);
  });
  EXPECT_EQ(refused.WaitForEnd()->error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(AuditTest, ImportingAnExportIntoAnEmptyServerReproducesEveryRelationship) {
  ASSERT_TRUE(Record({TestEvent(TestUuid(1), "USA", "KHM", "163", "2017-09-13"),
                      TestEvent(TestUuid(2), "KHM", "USA", "1212", "2017-01-16"),
                      TestEvent(TestUuid(3), "CHN", "KHM", "071", "2019-01-21"),
                      TestEvent(TestUuid(4), "KHM", "KHM", "173", "2017-09-03"),
                      TestEvent(TestUuid(5), "USA", "KHM", "036", "2019-11-26")})
                  .ok());
  ASSERT_TRUE(Retract(TestUuid(5), "wrong date").ok());
  ASSERT_TRUE(Record({TestEvent(TestUuid(6), "USA", "KHM", "036", "2019-11-25")}).ok());
  const std::vector<v1::Relationship> original = AllRelationships(*relations_, "2020-01-01");
  ASSERT_EQ(original.size(), 2u);

  StreamReader<v1::ExportLogResponse> reader([&](grpc::ClientContext* context) {
    return audit_->ExportLog(context, v1::ExportLogRequest());
  });
  const std::vector<v1::ExportLogResponse> exported = ReadAll(reader);
  ASSERT_EQ(exported.size(), 7u);

  // A new, empty server: record the events and retractions in log order.
  server_->Stop(SIGTERM);
  db_path_ = dir_.File("imported.db");
  StartServer();
  for (const v1::ExportLogResponse& message : exported) {
    if (message.record().has_event()) {
      ASSERT_TRUE(Record({message.record().event()}).ok());
    } else {
      const v1::Retraction& retraction = message.record().retraction();
      ASSERT_TRUE(Retract(retraction.retracted_event_id(), retraction.reason()).ok());
    }
  }
  const std::vector<v1::Relationship> imported = AllRelationships(*relations_, "2020-01-01");
  ASSERT_EQ(imported.size(), original.size());
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(Comparable(imported[i]), Comparable(original[i]));
  }
}

}  // namespace
}  // namespace chancery::testing
