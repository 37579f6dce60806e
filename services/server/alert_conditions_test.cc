#include "services/server/alert_conditions.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

google::protobuf::RepeatedPtrField<v1::AlertCondition> Conditions(
    const std::vector<std::string>& texts) {
  google::protobuf::RepeatedPtrField<v1::AlertCondition> conditions;
  for (const std::string& text : texts) {
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, conditions.Add())) << text;
  }
  return conditions;
}

v1::RelationshipChange Change(const std::string& before, const std::string& after) {
  v1::RelationshipChange change;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(before, change.mutable_before()));
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(after, change.mutable_after()));
  return change;
}

std::vector<uint32_t> Met(const google::protobuf::RepeatedPtrField<v1::AlertCondition>& conditions,
                          const v1::RelationshipChange& change) {
  std::vector<uint32_t> met;
  for (const v1::Alert& alert : AlertsFor(conditions, change)) {
    met.push_back(alert.condition_index());
  }
  return met;
}

TEST(AlertConditionsTest, AScoreCrossesAThresholdEitherWayOrOneWay) {
  const auto conditions = Conditions({
      "score_crossing { threshold: -3 }",
      "score_crossing { threshold: -3 direction: CROSSING_DIRECTION_DOWNWARD }",
      "score_crossing { threshold: -3 direction: CROSSING_DIRECTION_UPWARD }",
      "score_crossing { threshold: 5 }",
  });
  EXPECT_THAT(Met(conditions, Change("score: -2.4", "score: -3.1")), ElementsAre(0, 1));
  EXPECT_THAT(Met(conditions, Change("score: -3.1", "score: -3")), ElementsAre(0, 2));
  EXPECT_THAT(Met(conditions, Change("score: -3.1", "score: -3.5")), IsEmpty());
  const std::vector<v1::Alert> alerts = AlertsFor(conditions, Change("score: -2.4", "score: -3.1"));
  EXPECT_EQ(alerts[0].description(), "score fell below -3.00 (from -2.40 to -3.10)");
}

TEST(AlertConditionsTest, StatusRepresentationMeasuresAndTrend) {
  const auto conditions = Conditions({
      "status_change {}",
      "status_change { to: RELATIONSHIP_STATUS_SEVERED }",
      "representation_change {}",
      "measure_change {}",
      "measure_change { kinds: MEASURE_KIND_SANCTIONS }",
      "trend_reversal {}",
  });
  EXPECT_THAT(Met(conditions, Change("status: RELATIONSHIP_STATUS_NORMAL",
                                     "status: RELATIONSHIP_STATUS_STRAINED")),
              ElementsAre(0));
  EXPECT_THAT(Met(conditions, Change("status: RELATIONSHIP_STATUS_STRAINED",
                                     "status: RELATIONSHIP_STATUS_SEVERED")),
              ElementsAre(0, 1));
  EXPECT_THAT(Met(conditions, Change("representation_a_in_b: REPRESENTATION_LEVEL_AMBASSADOR",
                                     "representation_a_in_b: REPRESENTATION_LEVEL_NONE")),
              ElementsAre(2));
  const std::string opened =
      "measures { kind: MEASURE_KIND_SANCTIONS imposer_code: 'USA' open_event_id: 'e1' }";
  const std::string closed =
      "measures { kind: MEASURE_KIND_SANCTIONS imposer_code: 'USA' open_event_id: 'e1' "
      "close_event_id: 'e2' }";
  EXPECT_THAT(Met(conditions, Change("", opened)), ElementsAre(3, 4));
  EXPECT_THAT(Met(conditions, Change(opened, closed)), ElementsAre(3, 4));
  EXPECT_THAT(Met(conditions, Change(opened, opened)), IsEmpty());
  EXPECT_THAT(Met(conditions, Change("trend: TREND_THAWING", "trend: TREND_COOLING")),
              ElementsAre(5));
  EXPECT_THAT(Met(conditions, Change("trend: TREND_STABLE", "trend: TREND_COOLING")), IsEmpty());
}

TEST(AlertConditionsTest, RefusesEmptyUnknownAndOffScaleConditions) {
  google::protobuf::RepeatedPtrField<v1::AlertCondition> conditions =
      Conditions({"score_crossing { threshold: 11 }", "", "trend_reversal {}"});
  // A field from a newer client: number 99, a varint.
  conditions[2].mutable_trend_reversal()->GetReflection()->MutableUnknownFields(
      conditions[2].mutable_trend_reversal())->AddVarint(99, 1);
  domain::Violations bad_request;
  CheckAlertConditions(conditions, "group.conditions", bad_request);
  ASSERT_EQ(bad_request.size(), 3u);
  EXPECT_EQ(bad_request.field_violations()[0].field, "group.conditions[0].score_crossing.threshold");
  EXPECT_EQ(bad_request.field_violations()[1].field, "group.conditions[1]");
  EXPECT_THAT(bad_request.field_violations()[1].description, HasSubstr("sets no condition"));
  EXPECT_EQ(bad_request.field_violations()[2].field, "group.conditions[2]");
  EXPECT_THAT(bad_request.field_violations()[2].description, HasSubstr("field number 99"));
}

}  // namespace
}  // namespace chancery::server
