// Correlation and causation ids against a real chanceryd: defaulted from a
// W3C traceparent, set by the caller, checked, hashed, and returned in reads
// and subscriptions, so that a chain of reactions can be followed.

#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"
#include "tests/integration/subscription_reader.h"
#include "tests/integration/test_events.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class CausationTest : public ServerTest {
 protected:
  // RecordTraced records `request` with `traceparent` metadata (none if empty).
  grpc::Status RecordTraced(const v1::RecordEventsRequest& request,
                            const std::string& traceparent) {
    grpc::ClientContext context;
    if (!traceparent.empty()) context.AddMetadata("traceparent", traceparent);
    v1::RecordEventsResponse response;
    return relations_->RecordEvents(&context, request, &response);
  }

  static v1::RecordEventsRequest OneEvent(int n) {
    v1::RecordEventsRequest request;
    *request.add_events() = TestEvent(TestUuid(n));
    return request;
  }

  // The (correlation id, causation id) of each record of the log.
  std::vector<std::pair<std::string, std::string>> Ids() {
    std::vector<std::pair<std::string, std::string>> ids;
    for (const v1::LogRecord& record : ReadWholeLog()) {
      ids.emplace_back(record.correlation_id(), record.causation_id());
    }
    return ids;
  }
};

TEST_F(CausationTest, ATraceparentGivesTheDefaultsAndTheRequestsIdsWin) {
  ASSERT_TRUE(RecordTraced(OneEvent(1), kTestTraceParent).ok());
  // A reaction to it: the conversation goes on, caused by the first event.
  v1::RecordEventsRequest reaction = OneEvent(2);
  reaction.set_correlation_id(kTestTraceId);
  reaction.set_causation_id(TestUuid(1));
  ASSERT_TRUE(RecordTraced(reaction, "").ok());
  // Only one of the two set: the other comes from the trace.
  v1::RecordEventsRequest half = OneEvent(3);
  half.set_causation_id(TestUuid(2));
  ASSERT_TRUE(RecordTraced(half, "00-11111111111111111111111111111111-2222222222222222-00").ok());
  ASSERT_TRUE(RecordTraced(OneEvent(4), "").ok());

  EXPECT_THAT(Ids(), ElementsAre(std::pair{std::string(kTestTraceId), std::string(kTestParentId)},
                                 std::pair{std::string(kTestTraceId), TestUuid(1)},
                                 std::pair{std::string(32, '1'), TestUuid(2)},
                                 std::pair{std::string(), std::string()}));
  grpc::ClientContext context;
  v1::VerifyLogResponse verified;
  ASSERT_TRUE(audit_->VerifyLog(&context, {}, &verified).ok());
  EXPECT_EQ(verified.first_bad_position(), 0u);
  EXPECT_EQ(verified.verified_count(), 4u);
}

TEST_F(CausationTest, AnInvalidTraceparentIsIgnoredAndTheCallSucceeds) {
  for (const char* traceparent :
       {"00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "not a trace"}) {
    ASSERT_TRUE(RecordTraced(OneEvent(static_cast<int>(Ids().size())), traceparent).ok());
  }
  EXPECT_THAT(Ids(), ::testing::Each(std::pair{std::string(), std::string()}));
}

TEST_F(CausationTest, RetractionsAndObservationsCarryThemToo) {
  ASSERT_TRUE(RecordTraced(OneEvent(1), "").ok());
  v1::RetractEventRequest retract;
  retract.set_event_id(TestUuid(1));
  retract.set_reason("wrong date");
  retract.set_correlation_id("review-17");
  grpc::ClientContext retract_context;
  retract_context.AddMetadata("traceparent", kTestTraceParent);
  v1::RetractEventResponse retracted;
  ASSERT_TRUE(relations_->RetractEvent(&retract_context, retract, &retracted).ok());

  v1::RecordObservationsRequest observe;
  v1::RepresentationObservation* observation = observe.add_observations();
  observation->set_observation_id(TestUuid(9));
  *observation->mutable_observe_date() = Date("2019-11-26");
  observation->set_a_code("KHM");
  observation->set_b_code("USA");
  observation->set_a_in_b(v1::OBSERVED_REPRESENTATION_AMBASSADOR);
  observation->set_b_in_a(v1::OBSERVED_REPRESENTATION_AMBASSADOR);
  observation->add_citations()->set_url("https://correlatesofwar.org/data-sets/diplomatic-exchange");
  observe.set_causation_id(TestUuid(1));
  grpc::ClientContext observe_context;
  v1::RecordObservationsResponse observed;
  grpc::Status status = relations_->RecordObservations(&observe_context, observe, &observed);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_THAT(Ids(), ElementsAre(std::pair{std::string(), std::string()},
                                 std::pair{std::string("review-17"), std::string(kTestParentId)},
                                 std::pair{std::string(), TestUuid(1)}));
}

TEST_F(CausationTest, SubscriptionsDeliverThem) {
  v1::SubscribeLogRequest from_start;
  SubscriptionReader subscription(event_log_.get(), from_start);
  ASSERT_TRUE(RecordTraced(OneEvent(1), kTestTraceParent).ok());
  ASSERT_TRUE(subscription.WaitForRecords(1));
  for (const v1::SubscribeLogResponse& message : subscription.messages()) {
    for (const v1::LogRecord& record : message.records().records()) {
      EXPECT_EQ(record.correlation_id(), kTestTraceId);
      EXPECT_EQ(record.causation_id(), kTestParentId);
    }
  }
}

TEST_F(CausationTest, AnIdThatIsTooLongOrNotPrintableIsRefusedNamingItsField) {
  v1::RecordEventsRequest long_id = OneEvent(1);
  long_id.set_correlation_id(std::string(129, 'c'));
  grpc::Status status = RecordTraced(long_id, "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("correlation_id"));
  EXPECT_THAT(status.error_message(), HasSubstr("is 129 characters long; at most 128"));

  v1::RecordEventsRequest spaced = OneEvent(1);
  spaced.set_causation_id("event 7");
  status = RecordTraced(spaced, "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("causation_id"));

  v1::RetractEventRequest retract;
  retract.set_event_id(TestUuid(1));
  retract.set_reason("wrong date");
  retract.set_causation_id(std::string("tab\there"));
  grpc::ClientContext context;
  v1::RetractEventResponse response;
  status = relations_->RetractEvent(&context, retract, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("causation_id"));
  EXPECT_TRUE(ReadWholeLog().empty());  // Nothing reached the log.
}

}  // namespace
}  // namespace chancery::testing
