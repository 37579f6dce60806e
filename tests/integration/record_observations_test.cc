// RecordObservations against a real chanceryd: observations of representation
// reach the log in their dyad's stream, normalized, idempotent, and set the
// relationship's baseline that events then move.

#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAre;

v1::RepresentationObservation TestObservation(const std::string& id, const std::string& a,
                                              const std::string& b, v1::ObservedRepresentation a_in_b,
                                              v1::ObservedRepresentation b_in_a,
                                              const std::string& date = "2005-01-01") {
  v1::RepresentationObservation observation;
  observation.set_observation_id(id);
  *observation.mutable_observe_date() = Date(date);
  observation.set_a_code(a);
  observation.set_b_code(b);
  observation.set_a_in_b(a_in_b);
  observation.set_b_in_a(b_in_a);
  observation.set_summary("Correlates of War Diplomatic Exchange");
  observation.add_citations()->set_url("https://correlatesofwar.org/data-sets/diplomatic-exchange");
  return observation;
}

constexpr auto kNone = v1::OBSERVED_REPRESENTATION_NONE;
constexpr auto kAmbassador = v1::OBSERVED_REPRESENTATION_AMBASSADOR;
constexpr auto kCharge = v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES;

class ObservationsTest : public ServerTest {
 protected:
  grpc::Status Observe(const v1::RecordObservationsRequest& request,
                       v1::RecordObservationsResponse* response) {
    grpc::ClientContext context;
    return relations_->RecordObservations(&context, request, response);
  }
  grpc::Status Observe(std::vector<v1::RepresentationObservation> observations,
                       v1::RecordObservationsResponse* response, bool partial = false) {
    v1::RecordObservationsRequest request;
    request.set_partial_success(partial);
    for (auto& observation : observations) *request.add_observations() = std::move(observation);
    return Observe(request, response);
  }
};

TEST_F(ObservationsTest, AnObservationIsRecordedNormalizedInItsDyadsStream) {
  v1::RecordObservationsResponse response;
  // USA's mission in KHM is headed by a chargé, KHM's in USA by an ambassador.
  ASSERT_TRUE(Observe({TestObservation(TestUuid(1), "USA", "KHM", kCharge, kAmbassador)}, &response)
                  .ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).stream(), "KHM-USA");
  EXPECT_EQ(response.results(0).position(), 1u);

  const std::vector<v1::LogRecord> log = ReadWholeLog();
  ASSERT_EQ(log.size(), 1u);
  const v1::RepresentationObservation& stored = log[0].observation();
  EXPECT_EQ(stored.a_code(), "KHM");
  EXPECT_EQ(stored.a_in_b(), kAmbassador);
  EXPECT_EQ(stored.b_in_a(), kCharge);

  const v1::Relationship relationship = Relationship("USA-KHM", "2010-01-01");
  EXPECT_EQ(relationship.status(), v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_EQ(relationship.status_event_id(), TestUuid(1));
  EXPECT_EQ(relationship.representation_a_in_b(), v1::REPRESENTATION_LEVEL_AMBASSADOR);
  EXPECT_EQ(relationship.representation_b_in_a(), v1::REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES);
  EXPECT_EQ(relationship.event_count(), 0);
  // Before the observation holds, nothing is known.
  EXPECT_EQ(Relationship("USA-KHM", "2004-12-31").status(), v1::RELATIONSHIP_STATUS_NONE);

  // The same observation written the other way round is a duplicate.
  v1::RecordObservationsResponse again;
  ASSERT_TRUE(Observe({TestObservation(TestUuid(1), "KHM", "USA", kAmbassador, kCharge)}, &again)
                  .ok());
  ASSERT_EQ(again.results_size(), 1);
  EXPECT_TRUE(again.results(0).duplicate());
  EXPECT_EQ(again.results(0).position(), 1u);
}

TEST_F(ObservationsTest, NoRelationsObservedSurviveAnySummitCoverage) {
  v1::RecordObservationsResponse response;
  ASSERT_TRUE(Observe({TestObservation(TestUuid(1), "USA", "PRK", kNone, kNone)}, &response).ok());
  std::vector<v1::DiplomaticEvent> summit;
  for (int i = 0; i < 50; ++i) {
    summit.push_back(TestEvent(TestUuid(100 + i), "USA", "PRK", "043", "2018-06-12"));
  }
  ASSERT_TRUE(Record(summit).ok());
  const v1::Relationship relationship = Relationship("USA-PRK", "2018-06-30");
  EXPECT_EQ(relationship.status(), v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_EQ(relationship.representation_a_in_b(), v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(relationship.representation_b_in_a(), v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(relationship.event_count(), 50);
  EXPECT_EQ(relationship.occurrence_count(), 1);
}

TEST_F(ObservationsTest, PartialSuccessRefusesEachBadObservationAlone) {
  v1::RepresentationObservation same_codes = TestObservation(TestUuid(2), "USA", "USA", kNone, kNone);
  v1::RecordObservationsResponse response;
  ASSERT_TRUE(Observe({TestObservation(TestUuid(1), "USA", "KHM", kAmbassador, kAmbassador),
                       same_codes,
                       TestObservation(TestUuid(3), "CHN", "KHM", kAmbassador, kAmbassador)},
                      &response, /*partial=*/true)
                  .ok());
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).position(), 1u);
  EXPECT_EQ(response.results(1).error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(response.results(2).position(), 2u);

  // Atomic, the same request records nothing and names the field.
  grpc::Status status =
      Observe({TestObservation(TestUuid(4), "USA", "THA", kAmbassador, kAmbassador), same_codes},
              &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("observations[1].b_code"));
  EXPECT_EQ(ReadWholeLog().size(), 2u);

  // An id recorded with other content is ALREADY_EXISTS.
  status = Observe({TestObservation(TestUuid(1), "USA", "KHM", kNone, kNone)}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(BadFields(status), ElementsAre("observations[0].observation_id"));
}

}  // namespace
}  // namespace chancery::testing
