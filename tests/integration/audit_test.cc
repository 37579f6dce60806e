// AuditService against a real chanceryd: the hash chain, a relationship's
// replay, and an export that rebuilds every relationship in a new server.

#include <sqlite3.h>

#include <tuple>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"
#include "tests/integration/stream_reader.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

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

class AuditTest : public ServerTest {
 protected:
  // RecordLongHistory records 12,000 KHM-USA events dated 1960-1999: more
  // than two of the replay's fold steps of 5,000.
  void RecordLongHistory() {
    for (int batch = 0; batch < 12; ++batch) {
      std::vector<v1::DiplomaticEvent> events;
      for (int i = 0; i < 1000; ++i) {
        const int n = batch * 1000 + i;
        events.push_back(TestEvent(TestUuid(n + 1), "USA", "KHM", n % 2 ? "042" : "112",
                                   absl::StrFormat("19%02d-%02d-%02d", 60 + n % 40, 1 + n % 12,
                                                   1 + n % 28)));
      }
      ASSERT_TRUE(Record(events).ok());
    }
  }
};

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

TEST_F(AuditTest, AReplayLongerThanOneFoldStepStreamsEveryEventInOrder) {
  RecordLongHistory();
  v1::ReplayRelationshipRequest request;
  request.set_dyad("KHM-USA");
  *request.mutable_start_date() = Date("1970-01-01");  // A prefix is folded but not sent.
  StreamReader<v1::ReplayRelationshipResponse> reader([&](grpc::ClientContext* context) {
    return audit_->ReplayRelationship(context, request);
  });
  const std::vector<v1::ReplayRelationshipResponse> steps = ReadAll(reader);
  // Events from 1970 on: 30 of every 40 years' worth.
  int expected = 0;
  for (int n = 0; n < 12000; ++n) expected += 60 + n % 40 >= 70;
  ASSERT_EQ(static_cast<int>(steps.size()), expected);
  for (size_t i = 1; i < steps.size(); ++i) {
    const auto& before = steps[i - 1].record().event().occur_date();
    const auto& after = steps[i].record().event().occur_date();
    ASSERT_LE(std::make_tuple(before.year(), before.month(), before.day()),
              std::make_tuple(after.year(), after.month(), after.day()));
  }
  // The last state counts every event up to it.
  EXPECT_EQ(steps.back().state_after().event_count(), 12000);
  EXPECT_EQ(steps.back().state_after().score(), Relationship("KHM-USA", "1999-12-28").score());
}

TEST_F(AuditTest, SigtermEndsStalledStreamsAndStops) {
  RecordLongHistory();
  // Clients that read one message and then nothing, through small windows.
  grpc::ChannelArguments small_window;
  small_window.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  small_window.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 16 * 1024);
  auto stalled = v1::AuditService::NewStub(grpc::CreateCustomChannel(
      server_->address(), grpc::InsecureChannelCredentials(), small_window));
  v1::ReplayRelationshipRequest replay;
  replay.set_dyad("KHM-USA");
  grpc::ClientContext replay_context, export_context;
  auto replay_reader = stalled->ReplayRelationship(&replay_context, replay);
  auto export_reader = stalled->ExportLog(&export_context, {});
  v1::ReplayRelationshipResponse step;
  ASSERT_TRUE(replay_reader->Read(&step));
  v1::ExportLogResponse exported;
  ASSERT_TRUE(export_reader->Read(&exported));

  EXPECT_EQ(server_->Stop(SIGTERM), 0);
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: stopped"));
  replay_context.TryCancel();
  export_context.TryCancel();
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
