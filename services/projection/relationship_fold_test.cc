// One test per rule of docs/relationship-model.md, named after it.

#include "services/projection/relationship_fold.h"

#include <cmath>
#include <cstring>

#include "gtest/gtest.h"
#include "services/projection/relationship_rules.h"

namespace chancery::projection {
namespace {

// The A-B dyad of these tests; `by_a` says whether A is the source.
FoldEvent Event(int32_t day, const char* code, double goldstein, bool by_a = true,
                uint8_t quad = 1) {
  static uint64_t next_position = 1;
  FoldEvent event;
  event.day = domain::Day::FromNumber(day);
  event.position = next_position++;
  event.goldstein = goldstein;
  std::memcpy(event.cameo.data(), code, std::strlen(code));
  event.quad_class = quad;
  event.source_is_a = by_a;
  event.id[0] = static_cast<uint8_t>(event.position);
  event.id[1] = static_cast<uint8_t>(event.position >> 8);
  return event;
}

// An observation of A's mission in B and B's in A (0: not observed).
FoldEvent Observation(int32_t day, v1::ObservedRepresentation a_in_b,
                      v1::ObservedRepresentation b_in_a) {
  FoldEvent observation = Event(day, "", 0);
  observation.kind = FoldEvent::Kind::kObservation;
  observation.quad_class = 0;
  observation.observed_a_in_b = static_cast<uint8_t>(a_in_b);
  observation.observed_b_in_a = static_cast<uint8_t>(b_in_a);
  return observation;
}

constexpr auto kNone = v1::OBSERVED_REPRESENTATION_NONE;
constexpr auto kAmbassador = v1::OBSERVED_REPRESENTATION_AMBASSADOR;
constexpr auto kOther = v1::OBSERVED_REPRESENTATION_OTHER;
constexpr auto kUnobserved = v1::OBSERVED_REPRESENTATION_UNSPECIFIED;

RelationshipState Fold(const std::vector<FoldEvent>& events, int32_t as_of) {
  RelationshipFold fold(ModelSettings{});
  for (const FoldEvent& event : events) fold.Apply(event);
  return fold.At(domain::Day::FromNumber(as_of));
}

TEST(RelationshipFold, NoEventsIsNone) {
  const RelationshipState state = Fold({}, 100);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_UNKNOWN);
  EXPECT_EQ(state.event_count, 0);
  EXPECT_EQ(state.trend, v1::TREND_INSUFFICIENT_DATA);
}

TEST(RelationshipFold, FirstEventLeavesRelationsAndRepresentationUnknown) {
  const FoldEvent visit = Event(10, "042", 1.9);
  const RelationshipState state = Fold({visit}, 10);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_UNKNOWN);
  EXPECT_EQ(state.status_day.number(), 10);
  EXPECT_EQ(state.status_event_id, visit.id);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_UNKNOWN);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_UNKNOWN);
  EXPECT_EQ(state.event_count, 1);
  EXPECT_EQ(state.last_event_position, visit.position);
}

TEST(RelationshipFold, ReportsOfOneDayDirectionAndCodeAreOneOccurrence) {
  // Three reports of A's visit on day 1 and one of B's; then the same code a day later.
  const RelationshipState state =
      Fold({Event(1, "042", 1.9), Event(1, "042", 1.9), Event(1, "042", 1.9),
            Event(1, "042", 1.9, /*by_a=*/false), Event(2, "042", 1.9)},
           2);
  EXPECT_EQ(state.event_count, 5);
  EXPECT_EQ(state.occurrence_count, 3);
  EXPECT_EQ(state.window.quad[1], 3);
  EXPECT_DOUBLE_EQ(state.weight, std::exp2(-1.0 / 90) * 2 + 1);
}

TEST(RelationshipFold, RepeatedReportsOfAReductionStepDownOnce) {
  const RelationshipState state =
      Fold({Event(1, "161", -4), Event(1, "161", -4), Event(1, "161", -4)}, 1);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_DOWNGRADED);
}

TEST(RelationshipFold, AnObservationSetsTheLevelsAndTheStatusTheyImply) {
  const FoldEvent both = Observation(1, kAmbassador, kAmbassador);
  RelationshipState state = Fold({both}, 1);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_EQ(state.status_event_id, both.id);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_AMBASSADOR);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_AMBASSADOR);
  EXPECT_EQ(state.observation_count, 1);
  EXPECT_EQ(state.event_count, 0);
  EXPECT_FALSE(state.empty());

  // No representation either way, or only interests sections: no relations.
  state = Fold({Observation(1, kNone, kNone)}, 1);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_TRUE(state.has_status_cause);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(Fold({Observation(1, kOther, kOther)}, 1).status, v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_EQ(Fold({Observation(1, kOther, kOther)}, 1).a_in_b, v1::REPRESENTATION_LEVEL_OTHER);

  // A side not observed keeps its level; the latest observation wins.
  state = Fold({Observation(1, kAmbassador, kAmbassador), Observation(400, kNone, kUnobserved)},
               400);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_AMBASSADOR);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
}

TEST(RelationshipFold, EventsMoveTheStateFromTheObservedBaseline) {
  // No relations observed: summits and threats do not invent them.
  std::vector<FoldEvent> history = {Observation(0, kNone, kNone), Event(10, "036", 4),
                                    Event(11, "043", 2.8), Event(40, "138", -7, true, 3)};
  RelationshipState state = Fold(history, 40);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NONE);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(state.event_count, 3);
  // Recognition establishes relations at a level nobody has observed yet.
  history.push_back(Event(50, "054", 6));
  state = Fold(history, 50);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_UNKNOWN);

  // Ambassadors observed: a 161 reduces both missions to a chargé d'affaires.
  state = Fold({Observation(0, kAmbassador, kAmbassador), Event(10, "161", -4)}, 10);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_DOWNGRADED);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES);
}

TEST(RelationshipFold, StrainOverObservedRelationsRecoversToNormal) {
  std::vector<FoldEvent> history = {Event(1, "163", -8, true, 4)};
  ASSERT_EQ(Fold(history, 1).status, v1::RELATIONSHIP_STATUS_STRAINED);
  // An observation of relations leaves the strain, but recovery now returns to NORMAL.
  history.push_back(Observation(2, kAmbassador, kAmbassador));
  EXPECT_EQ(Fold(history, 2).status, v1::RELATIONSHIP_STATUS_STRAINED);
  history.push_back(Event(3, "057", 8));
  history.push_back(Event(3, "057", 8, /*by_a=*/false));
  EXPECT_EQ(Fold(history, 3).status, v1::RELATIONSHIP_STATUS_NORMAL);
  // An observation of no relations ends them, strained or not.
  EXPECT_EQ(Fold({history[0], Observation(2, kNone, kNone)}, 2).status,
            v1::RELATIONSHIP_STATUS_NONE);
}

TEST(RelationshipFold, ReduceRelationsStepsDownTheLadder) {
  std::vector<FoldEvent> events = {Event(1, "054", 6), Event(2, "161", -4)};
  RelationshipState state = Fold(events, 2);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_DOWNGRADED);
  // Representation nobody has observed stays unknown.
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_UNKNOWN);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_UNKNOWN);
  events.push_back(Event(3, "161", -4));
  EXPECT_EQ(Fold(events, 3).status, v1::RELATIONSHIP_STATUS_SUSPENDED);
  events.push_back(Event(4, "161", -4, /*by_a=*/false));
  state = Fold(events, 4);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_SEVERED);
  EXPECT_EQ(state.status_event_id, events.back().id);
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_NONE);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_NONE);
}

TEST(RelationshipFold, RecognitionRestoresNormalRelations) {
  const std::vector<FoldEvent> events = {Event(1, "161", -4), Event(2, "161", -4),
                                         Event(3, "161", -4), Event(400, "054", 6)};
  const RelationshipState severed = Fold({events[0], events[1], events[2]}, 3);
  ASSERT_EQ(severed.status, v1::RELATIONSHIP_STATUS_SEVERED);
  ASSERT_EQ(severed.a_in_b, v1::REPRESENTATION_LEVEL_NONE);
  const RelationshipState state = Fold(events, 400);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_EQ(state.status_day.number(), 400);
  // Relations exist again; at what level, only evidence can say.
  EXPECT_EQ(state.a_in_b, v1::REPRESENTATION_LEVEL_UNKNOWN);
  EXPECT_EQ(state.b_in_a, v1::REPRESENTATION_LEVEL_UNKNOWN);
}

TEST(RelationshipFold, ExpulsionIsConflictNotADowngrade) {
  // CAMEO 166 covers ordering out any personnel or organisation (an NGO's staff):
  // it scores, but only 161 reduces diplomatic relations.
  RelationshipState state = Fold({Event(1, "054", 6), Event(2, "166", -7, /*by_a=*/true)}, 2);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_LT(state.score, Fold({Event(1, "054", 6)}, 2).score);
  // Expelling aid agencies (1663) is a measure.
  state = Fold({Event(1, "054", 6), Event(2, "1663", -7)}, 2);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
  ASSERT_EQ(state.measures.size(), 1u);
  EXPECT_EQ(state.measures[0].kind, v1::MEASURE_KIND_AID_SUSPENDED);
}

TEST(RelationshipFold, StrainWhenTheScoreFallsToMinusOne) {
  // After a recognition (+6), two -4 accusations leave the score above -1
  // ((6 - 8) / (3 + 2) = -0.4, all on one week); a sanction takes it below.
  std::vector<FoldEvent> events = {Event(1, "054", 6), Event(2, "112", -4, true, 3),
                                   Event(3, "112", -4, true, 3)};
  EXPECT_EQ(Fold(events, 3).status, v1::RELATIONSHIP_STATUS_NORMAL);
  events.push_back(Event(4, "163", -8, true, 4));
  const RelationshipState state = Fold(events, 4);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_STRAINED);
  EXPECT_EQ(state.status_event_id, events.back().id);
  EXPECT_EQ(state.status_day.number(), 4);
}

TEST(RelationshipFold, StrainAlsoInterruptsUnknownRelations) {
  // No evidence of relations, then a sanction: strained all the same, and
  // back to unknown (not to an invented NORMAL) on recovery.
  std::vector<FoldEvent> events = {Event(1, "163", -8, true, 4)};
  ASSERT_EQ(Fold(events, 1).status, v1::RELATIONSHIP_STATUS_STRAINED);
  events.push_back(Event(2, "057", 8));
  events.push_back(Event(3, "057", 8, /*by_a=*/false));
  EXPECT_EQ(Fold(events, 3).status, v1::RELATIONSHIP_STATUS_UNKNOWN);
}

TEST(RelationshipFold, RecoveryWhenTheScoreIsBackToZero) {
  std::vector<FoldEvent> events = {Event(1, "054", 6), Event(1, "163", -8, true, 4),
                                   Event(1, "1212", -4, false, 3)};
  ASSERT_EQ(Fold(events, 1).status, v1::RELATIONSHIP_STATUS_STRAINED);
  // A month later one +4 event is not enough ((6 - 12) * 0.79 + 4 < 0) ...
  events.push_back(Event(31, "036", 4));
  ASSERT_EQ(Fold(events, 31).status, v1::RELATIONSHIP_STATUS_STRAINED);
  // ... and a second brings the mean back above zero.
  events.push_back(Event(32, "030", 4));
  const RelationshipState state = Fold(events, 32);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_NORMAL);
  EXPECT_EQ(state.status_event_id, events.back().id);
  // Without an event, status does not move, however much the score decays.
  EXPECT_EQ(Fold({events[0], events[1], events[2]}, 1000).status,
            v1::RELATIONSHIP_STATUS_STRAINED);
}

TEST(RelationshipFold, StrainDoesNotOverrideAFormalDowngrade) {
  const RelationshipState state = Fold({Event(1, "161", -4), Event(2, "163", -8),
                                        Event(3, "163", -8, false)},
                                       3);
  EXPECT_EQ(state.status, v1::RELATIONSHIP_STATUS_DOWNGRADED);
}

TEST(RelationshipFold, MeasuresOpenAndCloseByTheirRules) {
  const std::vector<FoldEvent> events = {
      Event(1, "163", -8, /*by_a=*/true),    // A sanctions B.
      Event(2, "163", -8, /*by_a=*/true),    // Already open: no second measure.
      Event(3, "1212", -4, /*by_a=*/false),  // B cancels exercises.
      Event(4, "085", 7, /*by_a=*/false),    // B cannot lift A's sanctions.
      Event(5, "062", 7.4, /*by_a=*/true),   // Joint: A resumes exercises.
  };
  RelationshipState state = Fold(events, 5);
  ASSERT_EQ(state.measures.size(), 2u);
  EXPECT_EQ(state.measures[0].kind, v1::MEASURE_KIND_SANCTIONS);
  EXPECT_TRUE(state.measures[0].imposer_is_a);
  EXPECT_EQ(state.measures[0].open_id, events[0].id);
  EXPECT_FALSE(state.measures[0].close_id.has_value());
  EXPECT_EQ(state.measures[1].kind, v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED);
  EXPECT_FALSE(state.measures[1].imposer_is_a);
  ASSERT_TRUE(state.measures[1].close_id.has_value());
  EXPECT_EQ(*state.measures[1].close_id, events[4].id);
  EXPECT_EQ(state.measures[1].close_day.number(), 5);

  std::vector<FoldEvent> lifted = events;
  lifted.push_back(Event(6, "085", 7, /*by_a=*/true));  // The imposer lifts them.
  state = Fold(lifted, 6);
  ASSERT_TRUE(state.measures[0].close_id.has_value());
  EXPECT_EQ(*state.measures[0].close_id, lifted.back().id);
}

TEST(RelationshipFold, EveryMeasureKindHasAnOpenerAndACloser) {
  EXPECT_EQ(EffectOf("1621").opens, v1::MEASURE_KIND_AID_SUSPENDED);
  EXPECT_EQ(EffectOf("071").closes, v1::MEASURE_KIND_AID_SUSPENDED);
  EXPECT_EQ(EffectOf("1211").opens, v1::MEASURE_KIND_TRADE_PREFERENCES_SUSPENDED);
  EXPECT_EQ(EffectOf("061").closes, v1::MEASURE_KIND_TRADE_PREFERENCES_SUSPENDED);
  EXPECT_EQ(EffectOf("061").closer, Closer::kEitherSide);
  EXPECT_EQ(EffectOf("1622").opens, v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED);
  EXPECT_EQ(EffectOf("081").closes, v1::MEASURE_KIND_SANCTIONS);
  EXPECT_EQ(EffectOf("042").opens, v1::MEASURE_KIND_UNSPECIFIED);
}

TEST(RelationshipFold, ScoreIsADecayedMeanWithANeutralPrior) {
  // Weights halve every 90 days; the prior adds the weight of two neutral occurrences.
  const RelationshipState state = Fold({Event(0, "163", -8), Event(90, "036", 4)}, 180);
  EXPECT_DOUBLE_EQ(state.score, (-8 * 0.25 + 4 * 0.5) / (0.25 + 0.5 + 2));
  EXPECT_DOUBLE_EQ(state.short_score, (-8 * std::exp2(-6) + 4 * std::exp2(-3)) /
                                          (std::exp2(-6) + std::exp2(-3)));
  EXPECT_DOUBLE_EQ(state.weight, 0.25 + 0.5);
}

TEST(RelationshipFold, ScoreStaysOnTheGoldsteinScaleHoweverManyReports) {
  // A daily war, once with one report a day and once with fifty.
  std::vector<FoldEvent> war, war_coverage;
  for (int day = 0; day < 1000; ++day) {
    war.push_back(Event(day, "190", -10, true, 4));
    for (int report = 0; report < 50; ++report) {
      war_coverage.push_back(Event(day, "190", -10, true, 4));
    }
  }
  const RelationshipState state = Fold(war, 999);
  EXPECT_GE(state.score, -10);
  EXPECT_LT(state.score, -9.8);  // The prior weighs 2 against ~130 decayed occurrences.
  EXPECT_DOUBLE_EQ(Fold(war_coverage, 999).score, state.score);
  EXPECT_EQ(Fold(war_coverage, 999).event_count, 50 * state.event_count);
}

TEST(RelationshipFold, WindowCountsTheLast365DaysPerQuadClass) {
  const RelationshipState state =
      Fold({Event(0, "042", 1.9, true, 1), Event(100, "112", -4, true, 3),
            Event(364, "163", -8, true, 4), Event(365, "061", 6.4, true, 2)},
           365);
  // Day 0 is outside the window [1, 365].
  EXPECT_EQ(state.window.quad[1], 0);
  EXPECT_EQ(state.window.quad[2], 1);
  EXPECT_EQ(state.window.quad[3], 1);
  EXPECT_EQ(state.window.quad[4], 1);
}

TEST(RelationshipFold, WindowAsOfALaterDayLeavesOutWhatFellOutOfIt) {
  const std::vector<FoldEvent> events = {Event(0, "173", -5, true, 4),
                                         Event(100, "112", -4, true, 3),
                                         Event(364, "083", 5, true, 2)};
  // The window [101, 465]: the events of days 0 and 100 have left it.
  const RelationshipState state = Fold(events, 465);
  EXPECT_EQ(state.window.quad[2], 1);
  EXPECT_EQ(state.window.quad[3], 0);
  EXPECT_EQ(state.window.quad[4], 0);
  EXPECT_EQ(state.window.repression, 0);
  EXPECT_EQ(state.window.reform, 1);
  // And the window [0, 364] still holds all three.
  EXPECT_EQ(Fold(events, 364).window.repression, 1);
  EXPECT_EQ(Fold(events, 364).window.quad[3], 1);
}

TEST(RelationshipFold, DomesticRecordCountsRepressionProtestAndReform) {
  const RelationshipState state = Fold(
      {Event(1, "173", -5, true, 4), Event(2, "141", -6.5, true, 4), Event(3, "083", 5, true, 2)},
      3);
  EXPECT_EQ(state.window.repression, 1);
  EXPECT_EQ(state.window.protest, 1);
  EXPECT_EQ(state.window.reform, 1);
}

TEST(RelationshipFold, TrendCompareRecentMeanWithLongRunMean) {
  std::vector<FoldEvent> hostile;
  for (int day = 0; day < 200; day += 20) hostile.push_back(Event(day, "112", -4, true, 3));
  std::vector<FoldEvent> thaw = hostile;
  thaw.push_back(Event(200, "036", 4));
  thaw.push_back(Event(210, "030", 4));
  EXPECT_EQ(Fold(thaw, 215).trend, v1::TREND_THAWING);

  std::vector<FoldEvent> friendly;
  for (int day = 0; day < 200; day += 20) friendly.push_back(Event(day, "042", 1.9));
  std::vector<FoldEvent> chill = friendly;
  chill.push_back(Event(200, "163", -8, true, 4));
  EXPECT_EQ(Fold(chill, 205).trend, v1::TREND_COOLING);
  EXPECT_EQ(Fold(friendly, 185).trend, v1::TREND_STABLE);
}

TEST(RelationshipFold, TrendNeedsAHistoryOfTwoShortHalfLives) {
  // A week of reports: recent and long-run tone are the same reports.
  std::vector<FoldEvent> week;
  for (int day = 0; day < 7; ++day) week.push_back(Event(day, "112", -4, true, 3));
  week.push_back(Event(7, "036", 4));
  EXPECT_EQ(Fold(week, 7).trend, v1::TREND_INSUFFICIENT_DATA);
  EXPECT_EQ(Fold(week, 59).trend, v1::TREND_INSUFFICIENT_DATA);
}

TEST(RelationshipFold, TrendIsInsufficientWithoutRecentEvents) {
  std::vector<FoldEvent> thaw;
  for (int day = 0; day < 200; day += 20) thaw.push_back(Event(day, "112", -4, true, 3));
  thaw.push_back(Event(200, "036", 4));
  thaw.push_back(Event(210, "030", 4));
  ASSERT_EQ(Fold(thaw, 215).trend, v1::TREND_THAWING);
  // Three months later the short weight is below 0.5.
  EXPECT_EQ(Fold(thaw, 300).trend, v1::TREND_INSUFFICIENT_DATA);
}

}  // namespace
}  // namespace chancery::projection
