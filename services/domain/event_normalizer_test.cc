#include "services/domain/event_normalizer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>
#include <string>

namespace chancery::domain {
namespace {

v1::DiplomaticEvent Event() {
  v1::DiplomaticEvent event;
  event.set_event_id("0B6F1D2E-4C1A-4F3E-9A57-2F1C3D4E5F60");
  event.mutable_occur_date()->set_year(2019);
  event.mutable_occur_date()->set_month(11);
  event.mutable_occur_date()->set_day(26);
  event.mutable_source()->set_code("USA");
  event.mutable_source()->set_role("GOV");
  event.mutable_target()->set_code("KHM");
  event.set_cameo_code("036");
  event.set_summary("Letter from President Trump to Prime Minister Hun Sen.");
  return event;
}

TEST(NormalizeEventTest, LowerCasesTheId) {
  v1::DiplomaticEvent event = Event();
  NormalizeEvent(event);
  EXPECT_EQ(event.event_id(), "0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60");
}

TEST(NormalizeEventTest, FillsGoldsteinAndQuadClassFromTheCodebook) {
  v1::DiplomaticEvent event = Event();
  NormalizeEvent(event);
  ASSERT_TRUE(event.has_goldstein());
  EXPECT_EQ(event.goldstein(), 4.0);
  EXPECT_EQ(event.quad_class(), v1::QUAD_CLASS_VERBAL_COOPERATION);
}

TEST(NormalizeEventTest, KeepsWhatTheSourceGave) {
  v1::DiplomaticEvent event = Event();
  event.set_cameo_code("141");          // Demonstrate or rally: root 14, class 4 by mapping.
  event.set_goldstein(-6.5);
  event.set_quad_class(v1::QUAD_CLASS_VERBAL_CONFLICT);  // As GDELT gives protest.
  NormalizeEvent(event);
  EXPECT_EQ(event.goldstein(), -6.5);
  EXPECT_EQ(event.quad_class(), v1::QUAD_CLASS_VERBAL_CONFLICT);

  event = Event();
  event.set_goldstein(0.0);  // An explicit zero is a value, not "unset".
  NormalizeEvent(event);
  EXPECT_EQ(event.goldstein(), 0.0);
}

TEST(NormalizeEventTest, NegativeZeroBecomesZero) {
  v1::DiplomaticEvent event = Event();
  event.set_goldstein(-0.0);
  NormalizeEvent(event);
  EXPECT_FALSE(std::signbit(event.goldstein()));
}

TEST(NormalizeEventTest, LeavesCodesAndUnknownCameoCodeAlone) {
  v1::DiplomaticEvent event = Event();
  event.mutable_source()->set_code("usa");
  event.set_cameo_code("999");
  NormalizeEvent(event);
  EXPECT_EQ(event.source().code(), "usa");
  EXPECT_FALSE(event.has_goldstein());
  EXPECT_EQ(event.quad_class(), v1::QUAD_CLASS_UNSPECIFIED);
}

TEST(NormalizeEventTest, DropsUnknownFields) {
  v1::DiplomaticEvent event = Event();
  std::string bytes = event.SerializeAsString();
  bytes += std::string("\xF8\x06\x01", 3);  // Field 111, varint 1: from a newer client.
  v1::DiplomaticEvent parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  ASSERT_FALSE(parsed.GetReflection()->GetUnknownFields(parsed).empty());
  NormalizeEvent(parsed);
  EXPECT_TRUE(parsed.GetReflection()->GetUnknownFields(parsed).empty());
}

TEST(NormalizeEventTest, DropsUnknownFieldsInsideEveryNestedMessage) {
  using Nested = google::protobuf::Message* (*)(v1::DiplomaticEvent&);
  const Nested nested[] = {
      [](v1::DiplomaticEvent& e) -> google::protobuf::Message* { return &e; },
      [](v1::DiplomaticEvent& e) -> google::protobuf::Message* { return e.mutable_occur_date(); },
      [](v1::DiplomaticEvent& e) -> google::protobuf::Message* { return e.mutable_source(); },
      [](v1::DiplomaticEvent& e) -> google::protobuf::Message* { return e.mutable_target(); },
      [](v1::DiplomaticEvent& e) -> google::protobuf::Message* { return e.mutable_citations(0); },
      [](v1::DiplomaticEvent& e) -> google::protobuf::Message* {
        return e.mutable_citations(0)->mutable_publish_date();
      },
  };
  for (const Nested& at : nested) {
    v1::DiplomaticEvent event = Event();
    event.add_citations()->set_url("https://example.org/a");
    EXPECT_FALSE(HasUnknownFields(event));
    google::protobuf::Message* message = at(event);
    message->GetReflection()->MutableUnknownFields(message)->AddVarint(111, 1);
    EXPECT_TRUE(HasUnknownFields(event)) << message->GetTypeName();
    NormalizeEvent(event);
    EXPECT_FALSE(HasUnknownFields(event)) << message->GetTypeName();
  }
}

// HasUnknownFields names each message type an event can hold; a new one
// must be added there too.
TEST(NormalizeEventTest, HasUnknownFieldsKnowsEveryMessageTypeInAnEvent) {
  std::set<std::string> types;
  std::vector<const google::protobuf::Descriptor*> pending = {v1::DiplomaticEvent::descriptor()};
  while (!pending.empty()) {
    const google::protobuf::Descriptor* type = pending.back();
    pending.pop_back();
    if (!types.insert(type->full_name()).second) continue;
    for (int i = 0; i < type->field_count(); ++i) {
      if (type->field(i)->message_type() != nullptr) pending.push_back(type->field(i)->message_type());
    }
  }
  EXPECT_EQ(types, (std::set<std::string>{"chancery.v1.DiplomaticEvent", "google.type.Date",
                                          "chancery.v1.Actor", "chancery.v1.Citation"}));
}

TEST(DeterministicBytesTest, RetryWithOtherIdCaseOrSpeltOutDefaultsGivesSameBytes) {
  v1::DiplomaticEvent first = Event();
  v1::DiplomaticEvent retry = Event();
  retry.set_event_id("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60");
  retry.set_goldstein(4.0);
  retry.set_quad_class(v1::QUAD_CLASS_VERBAL_COOPERATION);
  NormalizeEvent(first);
  NormalizeEvent(retry);
  EXPECT_EQ(DeterministicBytes(first), DeterministicBytes(retry));
  EXPECT_EQ(DeterministicBytes(first), DeterministicBytes(first));
}

TEST(DeterministicBytesTest, ParsesBackToTheSameEvent) {
  v1::DiplomaticEvent event = Event();
  v1::Citation* citation = event.add_citations();
  citation->set_url("https://kh.usembassy.gov/");
  NormalizeEvent(event);
  v1::DiplomaticEvent parsed;
  ASSERT_TRUE(parsed.ParseFromString(DeterministicBytes(event)));
  EXPECT_EQ(parsed.SerializeAsString(), event.SerializeAsString());
  EXPECT_EQ(parsed.citations(0).url(), "https://kh.usembassy.gov/");
}

TEST(DeterministicBytesTest, DifferentContentGivesDifferentBytes) {
  v1::DiplomaticEvent a = Event();
  v1::DiplomaticEvent b = Event();
  b.set_summary("Another summary.");
  EXPECT_NE(DeterministicBytes(a), DeterministicBytes(b));
}

}  // namespace
}  // namespace chancery::domain
