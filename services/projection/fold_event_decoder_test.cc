#include "services/projection/fold_event_decoder.h"

#include "gtest/gtest.h"

namespace chancery::projection {
namespace {

// The valid time the store keeps for FullEvent (its occur_date).
const int64_t kValidTimeUs = domain::Day::FromNumber(18226).valid_time_us();

v1::DiplomaticEvent FullEvent() {
  v1::DiplomaticEvent event;
  event.set_event_id("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60");
  *event.mutable_occur_date() = domain::Day::FromNumber(18226).date();
  event.mutable_source()->set_code("USA");
  event.mutable_source()->set_role("GOV");
  event.mutable_source()->set_display_name("Donald Trump");
  event.mutable_target()->set_code("KHM");
  event.set_cameo_code("1212");
  event.set_goldstein(-4.5);
  event.set_quad_class(v1::QUAD_CLASS_VERBAL_CONFLICT);
  event.set_summary("Exercises cancelled");
  event.add_citations()->set_url("https://example.org/a");
  return event;
}

TEST(DecodeFoldEvent, EqualsToFoldEventOfTheParsedMessage) {
  const v1::DiplomaticEvent event = FullEvent();
  for (const char* stream_a : {"KHM", "USA"}) {
    FoldEvent decoded;
    ASSERT_TRUE(DecodeFoldEvent(event.SerializeAsString(), 12, kValidTimeUs, stream_a, decoded));
    EXPECT_TRUE(decoded == ToFoldEvent(event, 12, stream_a)) << stream_a;
  }
}

TEST(DecodeFoldEvent, UnsetFieldsDecodeAsDefaults) {
  v1::DiplomaticEvent event = FullEvent();
  event.clear_goldstein();
  event.clear_quad_class();
  FoldEvent decoded;
  ASSERT_TRUE(DecodeFoldEvent(event.SerializeAsString(), 1, kValidTimeUs, "KHM", decoded));
  EXPECT_TRUE(decoded == ToFoldEvent(event, 1, "KHM"));
}

TEST(DecodeFoldEvent, RefusesTruncatedBytes) {
  const std::string bytes = FullEvent().SerializeAsString();
  FoldEvent decoded;
  EXPECT_FALSE(DecodeFoldEvent(bytes.substr(0, bytes.size() - 3), 1, kValidTimeUs, "KHM", decoded));
}

TEST(ParseEventId, ReadsEitherCaseAndRefusesAnythingElse) {
  EventId upper, lower;
  ASSERT_TRUE(ParseEventId("0B6F1D2E-4C1A-4F3E-9A57-2F1C3D4E5F60", upper));
  ASSERT_TRUE(ParseEventId("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60", lower));
  EXPECT_EQ(upper, lower);
  EXPECT_EQ(FormatEventId(lower), "0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60");
  EventId id;
  EXPECT_FALSE(ParseEventId("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f6", id));
  EXPECT_FALSE(ParseEventId("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f6g", id));
  EXPECT_FALSE(ParseEventId("0b6f1d2e04c1a-4f3e-9a57-2f1c3d4e5f60", id));
}

}  // namespace
}  // namespace chancery::projection
