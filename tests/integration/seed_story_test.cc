// The product's first acceptance story: examples/us-cambodia.ndjson, recorded
// into a real chanceryd, reads as DESIGN.md says it must.

#include <fstream>

#include "google/protobuf/util/json_util.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

std::vector<v1::DiplomaticEvent> SeedStory() {
  std::ifstream file(std::string(CHANCERY_SOURCE_DIR) + "/examples/us-cambodia.ndjson");
  EXPECT_TRUE(file) << "examples/us-cambodia.ndjson is missing";
  std::vector<v1::DiplomaticEvent> events;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty()) continue;
    v1::DiplomaticEvent event;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &event).ok()) << line;
    events.push_back(event);
  }
  return events;
}

bool HasActiveMeasure(const v1::Relationship& relationship, v1::MeasureKind kind) {
  for (const v1::Measure& measure : relationship.measures()) {
    if (measure.kind() == kind && measure.close_event_id().empty()) return true;
  }
  return false;
}

int Rank(const v1::ActorProfile& profile, const std::string& partner) {
  for (int i = 0; i < profile.partners_size(); ++i) {
    if (profile.partners(i).partner_code() == partner) return i;
  }
  return -1;
}

class SeedStoryTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    const std::vector<v1::DiplomaticEvent> events = SeedStory();
    ASSERT_GE(events.size(), 25u);
    grpc::Status status = Record(events);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::ActorProfile Profile(const std::string& code, const std::string& as_of) {
    v1::GetActorProfileRequest request;
    request.set_actor_code(code);
    *request.mutable_as_of_date() = Date(as_of);
    grpc::ClientContext context;
    v1::GetActorProfileResponse response;
    grpc::Status status = relations_->GetActorProfile(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.profile();
  }
};

TEST_F(SeedStoryTest, NormalAndNotStrainedAtTheEndOf2016) {
  const v1::Relationship relationship = Relationship("USA-KHM", "2016-12-31");
  EXPECT_EQ(relationship.dyad(), "KHM-USA");
  EXPECT_EQ(relationship.status(), v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_GT(relationship.event_count(), 0);
}

TEST_F(SeedStoryTest, StrainedWithMilitaryExercisesSuspendedAtTheStartOf2018) {
  const v1::Relationship relationship = Relationship("KHM-USA", "2018-01-01");
  EXPECT_EQ(relationship.status(), v1::RELATIONSHIP_STATUS_STRAINED);
  EXPECT_TRUE(
      HasActiveMeasure(relationship, v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED));
  EXPECT_LT(relationship.score(), 0);
}

TEST_F(SeedStoryTest, ThawingAtTheStartOfDecember2019) {
  EXPECT_EQ(Relationship("KHM-USA", "2019-12-01").trend(), v1::TREND_THAWING);
}

TEST_F(SeedStoryTest, CambodiaRanksChinaAboveTheUnitedStatesIn2019) {
  for (const std::string as_of : {"2019-07-01", "2019-12-31"}) {
    const v1::ActorProfile profile = Profile("KHM", as_of);
    ASSERT_GE(Rank(profile, "CHN"), 0) << as_of;
    ASSERT_GE(Rank(profile, "USA"), 0) << as_of;
    EXPECT_LT(Rank(profile, "CHN"), Rank(profile, "USA")) << as_of;
  }
}

TEST_F(SeedStoryTest, NothingInventsRepresentationAndEveryScoreIsOnTheGoldsteinScale) {
  for (const std::string as_of : {"1993-10-01", "2016-12-31", "2018-01-01", "2019-12-31"}) {
    v1::ListRelationshipsRequest request;
    *request.mutable_as_of_date() = Date(as_of);
    grpc::ClientContext context;
    v1::ListRelationshipsResponse response;
    ASSERT_TRUE(relations_->ListRelationships(&context, request, &response).ok());
    ASSERT_GT(response.relationships_size(), 0) << as_of;
    for (const v1::Relationship& relationship : response.relationships()) {
      EXPECT_GE(relationship.score(), -10) << relationship.dyad() << " " << as_of;
      EXPECT_LE(relationship.score(), 10) << relationship.dyad() << " " << as_of;
      // No event of the story observes a mission's level.
      EXPECT_EQ(relationship.representation_a_in_b(), v1::REPRESENTATION_LEVEL_UNKNOWN);
      EXPECT_EQ(relationship.representation_b_in_a(), v1::REPRESENTATION_LEVEL_UNKNOWN);
    }
  }
}

TEST_F(SeedStoryTest, CambodiasDomesticRecordShowsThe2017Crackdown) {
  const v1::ActorProfile profile = Profile("KHM", "2017-12-31");
  EXPECT_GT(profile.domestic().repression_count(), 0);
  EXPECT_TRUE(profile.domestic().has_last_event());
}

}  // namespace
}  // namespace chancery::testing
