#include "services/domain/event_validator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "services/domain/testing/date.h"
#include "services/domain/text.h"
#include "services/domain/violations.h"

namespace chancery::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

MATCHER_P2(Violation, field, description, "") {
  *result_listener << "{" << arg.field << ": " << arg.description << "}";
  return arg.field == field && arg.description.find(description) != std::string::npos;
}

MATCHER_P(OnField, field, "") { return arg.field == field; }

// 2025-06-01 12:00 UTC: the latest occur_date allowed is 2025-06-02.
absl::Time Now() {
  return absl::FromCivil(absl::CivilSecond(2025, 6, 1, 12, 0, 0), absl::UTCTimeZone());
}

constexpr char kId[] = "0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60";

using ::chancery::testing::Date;

// Id returns a distinct valid UUID for each n.
std::string Id(int n) {
  return absl::StrCat("00000000-0000-4000-8000-", absl::Dec(n, absl::kZeroPad12));
}

v1::DiplomaticEvent ValidEvent() {
  v1::DiplomaticEvent event;
  event.set_event_id(kId);
  *event.mutable_occur_date() = Date(2019, 11, 26);
  event.mutable_source()->set_code("USA");
  event.mutable_source()->set_role("GOV");
  event.mutable_source()->set_display_name("Donald Trump");
  event.mutable_target()->set_code("KHM");
  event.mutable_target()->set_role("GOV");
  event.mutable_target()->set_display_name("Hun Sen");
  event.set_cameo_code("036");
  event.set_summary("Letter inviting Hun Sen to Washington to \"reset\" relations.\nSecond line.");
  v1::Citation* citation = event.add_citations();
  citation->set_publisher("Reuters");
  citation->set_title("Trump invites Cambodia's Hun Sen");
  citation->set_url("https://www.reuters.com/article/us-cambodia-usa-idUSKBN1Y00T3");
  *citation->mutable_publish_date() = Date(2019, 11, 26);
  return event;
}

v1::RecordEventsRequest Request(std::vector<v1::DiplomaticEvent> events) {
  v1::RecordEventsRequest request;
  for (v1::DiplomaticEvent& event : events) *request.add_events() = std::move(event);
  return request;
}

Violations Validate(const v1::RecordEventsRequest& request) {
  return ValidateRecordEvents(request, Now());
}

// ValidateOne validates a request holding only `event`.
Violations ValidateOne(v1::DiplomaticEvent event) { return Validate(Request({std::move(event)})); }

// --- The request -----------------------------------------------------------

TEST(ValidateRecordEventsTest, ValidRequestHasNoViolations) {
  v1::RecordEventsRequest request = Request({ValidEvent()});
  (*request.mutable_expected_revisions())["KHM-USA"].set_exact(3);
  EXPECT_THAT(Validate(request).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, NeedsAtLeastOneEvent) {
  EXPECT_THAT(Validate(v1::RecordEventsRequest()).field_violations(),
              ElementsAre(Violation("events", "no events; give 1 to 1,000 events")));
}

TEST(ValidateRecordEventsTest, AcceptsOneThousandEventsButNotMore) {
  std::vector<v1::DiplomaticEvent> events;
  for (int i = 0; i < 1000; ++i) {
    events.push_back(ValidEvent());
    events.back().set_event_id(Id(i));
  }
  v1::RecordEventsRequest request = Request(events);
  EXPECT_THAT(Validate(request).field_violations(), IsEmpty());
  *request.add_events() = ValidEvent();
  request.mutable_events(1000)->set_event_id(Id(1000));
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(Violation("events", "1,001 events; at most 1,000 are allowed per "
                                              "request: split it")));
}

TEST(ValidateRecordEventsTest, NamesEachBadFieldOfEachBadEventByIndex) {
  v1::DiplomaticEvent good = ValidEvent();
  v1::DiplomaticEvent bad_code = ValidEvent();
  bad_code.set_event_id(Id(1));
  bad_code.set_cameo_code("999");
  v1::DiplomaticEvent bad_many = ValidEvent();
  bad_many.set_event_id(Id(2));
  bad_many.mutable_source()->set_code("XYZ");
  *bad_many.mutable_occur_date() = Date(2019, 2, 29);
  bad_many.mutable_citations(0)->set_url("not a url");
  good.set_event_id(Id(0));
  Violations bad = Validate(Request({good, bad_code, bad_many}));
  EXPECT_THAT(bad.field_violations(),
              ElementsAre(OnField("events[1].cameo_code"), OnField("events[2].occur_date"),
                          OnField("events[2].source.code"),
                          OnField("events[2].citations[0].url")));
}

// --- event_id --------------------------------------------------------------

TEST(ValidateRecordEventsTest, EventIdIsRequired) {
  v1::DiplomaticEvent event = ValidEvent();
  event.clear_event_id();
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].event_id",
                                    "required: a UUID chosen by the client")));
}

TEST(ValidateRecordEventsTest, EventIdMustBeAUuid) {
  v1::DiplomaticEvent event = ValidEvent();
  event.set_event_id("event-1");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].event_id",
                                    "\"event-1\" is not a UUID; give 8-4-4-4-12 hex digits, e.g. "
                                    "0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60")));
}

TEST(ValidateRecordEventsTest, EventIdMayBeUpperCase) {
  v1::DiplomaticEvent event = ValidEvent();
  event.set_event_id("0B6F1D2E-4C1A-4F3E-9A57-2F1C3D4E5F60");
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, SameIdSameContentIsADuplicateNotAnError) {
  v1::DiplomaticEvent upper = ValidEvent();
  upper.set_event_id("0B6F1D2E-4C1A-4F3E-9A57-2F1C3D4E5F60");
  v1::DiplomaticEvent spelt_out = ValidEvent();
  spelt_out.set_goldstein(4.0);  // The codebook's value for 036: same content once normalized.
  EXPECT_THAT(Validate(Request({ValidEvent(), upper, spelt_out})).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, SameIdOtherContentIsReportedOnTheLaterEvent) {
  v1::DiplomaticEvent other = ValidEvent();
  other.set_summary("Something else.");
  v1::DiplomaticEvent different_id = ValidEvent();
  different_id.set_event_id(Id(7));
  EXPECT_THAT(Validate(Request({ValidEvent(), different_id, other})).field_violations(),
              ElementsAre(Violation("events[2].event_id",
                                    "events[0] has the same event_id and other content")));
}

// --- occur_date ------------------------------------------------------------

TEST(ValidateRecordEventsTest, OccurDateIsRequired) {
  v1::DiplomaticEvent event = ValidEvent();
  event.clear_occur_date();
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].occur_date",
                                    "required: the date the event happened, a full date (year, "
                                    "month and day) from 1800-01-01 to 2025-06-02")));
}

TEST(ValidateRecordEventsTest, OccurDateMustBeACalendarDate) {
  const struct {
    google::type::Date date;
    const char* problem;
  } kBad[] = {
      {Date(2019, 2, 29), "2019-02-29 is not a calendar date (2019 is not a leap year)"},
      {Date(1900, 2, 29), "1900-02-29 is not a calendar date (1900 is not a leap year)"},
      {Date(2019, 4, 31), "2019-04-31 is not a calendar date"},
      {Date(2019, 13, 1), "2019-13-01 is not a calendar date"},
      {Date(2019, 0, 0), "2019-00-00 is not a full date"},
      {Date(2019, 11, 0), "2019-11-00 is not a full date"},
  };
  for (const auto& bad : kBad) {
    v1::DiplomaticEvent event = ValidEvent();
    *event.mutable_occur_date() = bad.date;
    EXPECT_THAT(ValidateOne(event).field_violations(),
                ElementsAre(Violation("events[0].occur_date", bad.problem)));
  }
}

TEST(ValidateRecordEventsTest, OccurDateAcceptsLeapDays) {
  for (const google::type::Date& date : {Date(2020, 2, 29), Date(2000, 2, 29)}) {
    v1::DiplomaticEvent event = ValidEvent();
    *event.mutable_occur_date() = date;
    EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  }
}

TEST(ValidateRecordEventsTest, OccurDateNotBefore1800) {
  v1::DiplomaticEvent event = ValidEvent();
  *event.mutable_occur_date() = Date(1800, 1, 1);
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  *event.mutable_occur_date() = Date(1799, 12, 31);
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].occur_date",
                                    "1799-12-31 is before 1800-01-01, the earliest date allowed")));
}

TEST(ValidateRecordEventsTest, OccurDateAtMostOneDayAfterTodayUtc) {
  v1::DiplomaticEvent event = ValidEvent();
  *event.mutable_occur_date() = Date(2025, 6, 2);
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  *event.mutable_occur_date() = Date(2025, 6, 3);
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].occur_date",
                                    "2025-06-03 is more than one day after the server's current "
                                    "UTC date (2025-06-01); the latest date allowed is "
                                    "2025-06-02")));
}

TEST(ValidateRecordEventsTest, TodayIsTheUtcDateOfNow) {
  // 23:30 on May 31st in New York is June 1st 03:30 UTC: June 2nd is allowed.
  const absl::Time now =
      absl::FromCivil(absl::CivilSecond(2025, 6, 1, 3, 30, 0), absl::UTCTimeZone());
  v1::DiplomaticEvent event = ValidEvent();
  *event.mutable_occur_date() = Date(2025, 6, 2);
  EXPECT_THAT(ValidateRecordEvents(Request({event}), now).field_violations(), IsEmpty());
  *event.mutable_occur_date() = Date(2025, 6, 3);
  EXPECT_THAT(ValidateRecordEvents(Request({event}), now).field_violations(), SizeIs(1));
}

// --- source and target -----------------------------------------------------

TEST(ValidateRecordEventsTest, BothActorsAreRequired) {
  v1::DiplomaticEvent event = ValidEvent();
  event.clear_source();
  event.clear_target();
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].source", "required: the actor who acts"),
                          Violation("events[0].target", "required: the actor acted upon")));
}

TEST(ValidateRecordEventsTest, ActorCodeIsRequired) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_target()->clear_code();
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].target.code",
                                    "required: a country's ISO 3166 alpha-3 code (USA, KHM, CHN), "
                                    "a CAMEO region code (AFR, EUR, WST) or an organisation's "
                                    "CAMEO code")));
}

TEST(ValidateRecordEventsTest, ActorCodeMustBeKnown) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_source()->set_code("XYZ");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].source.code",
                                    "\"XYZ\" is not a known actor code; use a "
                                    "country's ISO 3166 alpha-3 code")));
}

TEST(ValidateRecordEventsTest, ActorCodeMustBeUpperCase) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_source()->set_code("usa");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].source.code", "\"usa\" must be upper-case: USA")));
}

TEST(ValidateRecordEventsTest, ActorCodeErrorsPointToTheRightCode) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_source()->set_code("EU");
  event.mutable_target()->set_code("Cambodia");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].source.code",
                                    "\"EU\" is not an actor code; use EEC for the European Union"),
                          Violation("events[0].target.code",
                                    "\"Cambodia\" is a country's name; use its code, KHM")));
}

TEST(ValidateRecordEventsTest, OrganisationsAreActors) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_source()->set_code("EEC");
  event.mutable_source()->clear_role();
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, DomesticEventIsValid) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_source()->set_code("KHM");
  event.mutable_target()->set_role("OPP");
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, RoleIsOptionalButMustBeKnown) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_source()->clear_role();
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  event.mutable_source()->set_role("XYZ");
  event.mutable_target()->set_role("gov");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].source.role",
                                    "\"XYZ\" is not a CAMEO role code; use one of AGR, BUS, COP"),
                          Violation("events[0].target.role", "\"gov\" must be upper-case: GOV")));
}

TEST(ValidateRecordEventsTest, DisplayNameAtMost200Characters) {
  v1::DiplomaticEvent event = ValidEvent();
  std::string name;
  for (int i = 0; i < 200; ++i) name += "é";  // 400 bytes, 200 characters.
  event.mutable_source()->set_display_name(name);
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  event.mutable_source()->set_display_name(name + "e");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].source.display_name",
                                    "display_name is 201 characters long; at most 200 are "
                                    "allowed")));
}

// --- cameo_code, goldstein, quad_class -------------------------------------

TEST(ValidateRecordEventsTest, CameoCodeIsRequired) {
  v1::DiplomaticEvent event = ValidEvent();
  event.clear_cameo_code();
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].cameo_code",
                                    "required: a CAMEO event code of 2 to 4 digits (e.g. 036: "
                                    "Express intent to meet or negotiate)")));
}

TEST(ValidateRecordEventsTest, CameoCodeMustBeInTheCodebook) {
  v1::DiplomaticEvent event = ValidEvent();
  event.set_cameo_code("999");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].cameo_code",
                                    "\"999\" is not a CAMEO event code; see the codebook (e.g. "
                                    "036: Express intent to meet or negotiate)")));
}

TEST(ValidateRecordEventsTest, CameoCodeHints) {
  v1::DiplomaticEvent event = ValidEvent();
  event.set_cameo_code("36");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].cameo_code",
                                    "\"36\" is not a CAMEO event code; did you mean 036 (Express "
                                    "intent to meet or negotiate)? Keep the leading zero")));
  event.set_cameo_code("0369");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].cameo_code",
                                    "\"0369\" is not a CAMEO event code; the nearest code is "
                                    "its parent 036 (Express intent to meet or negotiate)")));
}

TEST(ValidateRecordEventsTest, CameoCodesOfEveryLength) {
  for (const char* code : {"03", "036", "0311", "1213", "20"}) {
    v1::DiplomaticEvent event = ValidEvent();
    event.set_cameo_code(code);
    EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty()) << code;
  }
}

TEST(ValidateRecordEventsTest, GoldsteinFromMinusTenToTen) {
  for (double value : {-10.0, 0.0, 2.5, 10.0}) {
    v1::DiplomaticEvent event = ValidEvent();
    event.set_goldstein(value);
    EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty()) << value;
  }
  for (double value : {10.5, -10.01, std::numeric_limits<double>::quiet_NaN(),
                       -std::numeric_limits<double>::infinity()}) {
    v1::DiplomaticEvent event = ValidEvent();
    event.set_goldstein(value);
    EXPECT_THAT(ValidateOne(event).field_violations(),
                ElementsAre(Violation("events[0].goldstein",
                                      "is not a Goldstein value; give a number from -10 to 10, or "
                                      "leave goldstein unset to take the codebook's value (4 for "
                                      "036)")))
        << value;
  }
}

TEST(ValidateRecordEventsTest, QuadClassMustBeDefined) {
  for (v1::QuadClass quad : {v1::QUAD_CLASS_UNSPECIFIED, v1::QUAD_CLASS_MATERIAL_CONFLICT}) {
    v1::DiplomaticEvent event = ValidEvent();
    event.set_quad_class(quad);  // Any defined class, even one the mapping would not give.
    EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  }
  v1::DiplomaticEvent event = ValidEvent();
  event.set_quad_class(static_cast<v1::QuadClass>(5));
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].quad_class", "5 is not a QuadClass; use 1")));
}

// --- text ------------------------------------------------------------------

TEST(ValidateRecordEventsTest, SummaryAtMost2000CharactersAndMayBeEmpty) {
  v1::DiplomaticEvent event = ValidEvent();
  event.clear_summary();
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  std::string summary;
  for (int i = 0; i < 2000; ++i) summary += "ក";  // 6,000 bytes, 2,000 characters.
  event.set_summary(summary);
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  event.set_summary(summary + "ក");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].summary",
                                    "summary is 2,001 characters long; at most 2,000 are "
                                    "allowed")));
}

TEST(ValidateRecordEventsTest, TextHasNoControlCharactersButLineFeedAndTab) {
  v1::DiplomaticEvent event = ValidEvent();
  event.set_summary("Line one\n\tLine two");
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  event.set_summary("Line one\r\nLine two");
  event.mutable_citations(0)->set_title("Title\x07");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].summary",
                                    "summary contains the control character U+000D at character "
                                    "9; only line feeds (\\n) and tabs (\\t) are allowed"),
                          Violation("events[0].citations[0].title", "U+0007")));
}

TEST(ValidateRecordEventsTest, TextMustBeValidUtf8) {
  // A C++ caller can build what the wire parser would refuse.
  v1::DiplomaticEvent event = ValidEvent();
  event.set_summary("caf\xC3");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].summary",
                                    "summary is not valid UTF-8 (at byte 3)")));
}

// --- citations -------------------------------------------------------------

TEST(ValidateRecordEventsTest, AtMost20Citations) {
  v1::DiplomaticEvent event = ValidEvent();
  for (int i = 1; i < 20; ++i) *event.add_citations() = event.citations(0);
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  *event.add_citations() = event.citations(0);
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations",
                                    "21 citations; at most 20 are allowed")));
}

TEST(ValidateRecordEventsTest, NoCitationsIsFine) {
  v1::DiplomaticEvent event = ValidEvent();
  event.clear_citations();
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, CitationUrlIsRequired) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_citations(0)->clear_url();
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations[0].url",
                                    "required: the absolute http or https URL of the source")));
}

TEST(ValidateRecordEventsTest, CitationUrlMustBeAbsoluteHttp) {
  v1::DiplomaticEvent event = ValidEvent();
  *event.add_citations() = event.citations(0);
  event.mutable_citations(1)->set_url("ftp://example.com/report");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations[1].url",
                                    "\"ftp://example.com/report\" is not an absolute http or "
                                    "https URL with a host: it must start with http:// or "
                                    "https://")));
  event.mutable_citations(1)->set_url("https:///no-host");
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations[1].url", "there is no host")));
}

TEST(ValidateRecordEventsTest, CitationUrlAtMost2048Characters) {
  const std::string base = "https://example.com/";
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_citations(0)->set_url(base + std::string(2048 - base.size(), 'a'));
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  event.mutable_citations(0)->set_url(base + std::string(2049 - base.size(), 'a'));
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations[0].url",
                                    "url is 2,049 characters long; at most 2,048 are allowed")));
}

TEST(ValidateRecordEventsTest, CitationPublisherAndTitleLengths) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_citations(0)->set_publisher(std::string(200, 'p'));
  event.mutable_citations(0)->set_title(std::string(500, 't'));
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  event.mutable_citations(0)->set_publisher(std::string(201, 'p'));
  event.mutable_citations(0)->set_title(std::string(501, 't'));
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations[0].publisher",
                                    "publisher is 201 characters long; at most 200"),
                          Violation("events[0].citations[0].title",
                                    "title is 501 characters long; at most 500")));
}

TEST(ValidateRecordEventsTest, CitationPublishDateUnsetOrAFullDate) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_citations(0)->clear_publish_date();
  EXPECT_THAT(ValidateOne(event).field_violations(), IsEmpty());
  *event.mutable_citations(0)->mutable_publish_date() = Date(2019, 11, 0);
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(Violation("events[0].citations[0].publish_date",
                                    "2019-11-00 is not a full date (year, month and day must all "
                                    "be set); give a full date (year, month and day) or leave "
                                    "publish_date unset")));
  event.mutable_citations(0)->mutable_publish_date()->Clear();  // Set, but all zero.
  EXPECT_THAT(ValidateOne(event).field_violations(),
              ElementsAre(OnField("events[0].citations[0].publish_date")));
}

// --- expected_revisions ----------------------------------------------------

TEST(ValidateRecordEventsTest, ExpectedRevisionsOnTheRequestsStreams) {
  v1::DiplomaticEvent domestic = ValidEvent();
  domestic.set_event_id(Id(1));
  domestic.mutable_source()->set_code("KHM");
  v1::RecordEventsRequest request = Request({ValidEvent(), domestic});
  (*request.mutable_expected_revisions())["KHM-USA"].set_exact(0);
  (*request.mutable_expected_revisions())["KHM"].set_no_stream(true);
  EXPECT_THAT(Validate(request).field_violations(), IsEmpty());
}

TEST(ValidateRecordEventsTest, ExpectedRevisionKeysMustBeCanonical) {
  v1::RecordEventsRequest request = Request({ValidEvent()});
  (*request.mutable_expected_revisions())["USA-KHM"].set_exact(0);
  (*request.mutable_expected_revisions())["usa"].set_exact(0);
  (*request.mutable_expected_revisions())["KHM/USA"].set_exact(0);
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(Violation("expected_revisions[KHM/USA]",
                                    "\"KHM/USA\" is not a stream name; use two actor codes in "
                                    "alphabetical order joined by '-' (KHM-USA), or one code for "
                                    "a domestic stream (KHM)"),
                          Violation("expected_revisions[USA-KHM]",
                                    "\"USA-KHM\" is not a canonical stream name; use KHM-USA"),
                          Violation("expected_revisions[usa]",
                                    "\"usa\" is not a canonical stream name; use USA")));
}

TEST(ValidateRecordEventsTest, ExpectedRevisionKeysMustBeStreamsOfTheRequest) {
  v1::RecordEventsRequest request = Request({ValidEvent()});
  (*request.mutable_expected_revisions())["CHN-KHM"].set_exact(0);
  (*request.mutable_expected_revisions())["AAA-ZZZ"].set_exact(0);
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(Violation("expected_revisions[AAA-ZZZ]",
                                    "AAA-ZZZ names an unknown actor code"),
                          Violation("expected_revisions[CHN-KHM]",
                                    "no event of this request goes to stream CHN-KHM; its "
                                    "streams are KHM-USA")));
}

TEST(ValidateRecordEventsTest, StreamMembershipIsNotJudgedWhenAnActorIsBad) {
  v1::DiplomaticEvent event = ValidEvent();
  event.mutable_target()->set_code("XYZ");
  v1::RecordEventsRequest request = Request({event});
  (*request.mutable_expected_revisions())["USA-XYZ"].set_exact(0);
  (*request.mutable_expected_revisions())["CHN-USA"].set_exact(0);  // Not judged.
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(OnField("events[0].target.code"),
                          Violation("expected_revisions[USA-XYZ]",
                                    "USA-XYZ names an unknown actor code")));
}

TEST(ValidateRecordEventsTest, ExpectedRevisionValues) {
  v1::RecordEventsRequest request = Request({ValidEvent()});
  (*request.mutable_expected_revisions())["KHM-USA"].set_exact(-1);
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(Violation("expected_revisions[KHM-USA].exact",
                                    "-1 is not a revision; exact must be 0 or more")));
  (*request.mutable_expected_revisions())["KHM-USA"].set_no_stream(false);
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(Violation("expected_revisions[KHM-USA].no_stream",
                                    "must be true when set")));
  (*request.mutable_expected_revisions())["KHM-USA"].Clear();
  EXPECT_THAT(Validate(request).field_violations(),
              ElementsAre(Violation("expected_revisions[KHM-USA]",
                                    "set exactly one of exact")));
}

// --- size of the answer ----------------------------------------------------

TEST(ValidateRecordEventsTest, EveryViolationIsReported) {
  std::vector<v1::DiplomaticEvent> events;
  for (int i = 0; i < 1000; ++i) {
    events.push_back(ValidEvent());
    events.back().set_event_id(Id(i));
    events.back().set_cameo_code("999");
    events.back().mutable_source()->set_code("XYZ");
  }
  Violations bad = Validate(Request(events));
  ASSERT_EQ(bad.size(), 2000u);  // How many fit in an answer is the server's to decide.
  EXPECT_EQ(bad.scope(), "events");
  EXPECT_THAT(bad.field_violations()[0], OnField("events[0].source.code"));
  EXPECT_THAT(bad.field_violations()[1999], OnField("events[999].cameo_code"));
}

// --- one event, and retractions ---------------------------------------------

TEST(ValidateEventTest, FieldPathsAreRelativeToTheEvent) {
  v1::DiplomaticEvent event = ValidEvent();
  event.set_cameo_code("999");
  event.mutable_source()->set_code("XYZ");
  event.mutable_citations(0)->set_url("nope");
  EXPECT_THAT(ValidateEvent(event, Now()).field_violations(),
              ElementsAre(OnField("source.code"), OnField("cameo_code"),
                          OnField("citations[0].url")));
  EXPECT_THAT(ValidateEvent(ValidEvent(), Now()).field_violations(), IsEmpty());
}

v1::RetractEventRequest Retraction() {
  v1::RetractEventRequest request;
  request.set_event_id(kId);
  request.set_reason("Misreported: the letter was from the State Department.");
  return request;
}

TEST(ValidateRetractEventTest, ValidRetraction) {
  EXPECT_THAT(ValidateRetractEvent(Retraction()).field_violations(), IsEmpty());
  v1::RetractEventRequest request = Retraction();
  request.mutable_expected_revision()->set_exact(4);
  EXPECT_THAT(ValidateRetractEvent(request).field_violations(), IsEmpty());
}

TEST(ValidateRetractEventTest, EventIdAndReasonRequired) {
  EXPECT_THAT(ValidateRetractEvent(v1::RetractEventRequest()).field_violations(),
              ElementsAre(Violation("event_id", "required"),
                          Violation("reason", "required: why the event is withdrawn, 1 to 2,000 "
                                              "characters")));
}

TEST(ValidateRetractEventTest, RejectsBadIdLongReasonAndBadRevision) {
  v1::RetractEventRequest request = Retraction();
  request.set_event_id("42");
  request.set_reason(std::string(2001, 'r'));
  request.mutable_expected_revision()->set_exact(-3);
  EXPECT_THAT(ValidateRetractEvent(request).field_violations(),
              ElementsAre(Violation("event_id", "\"42\" is not a UUID"),
                          Violation("reason", "reason is 2,001 characters long"),
                          Violation("expected_revision.exact", "-3 is not a revision")));
  request = Retraction();
  request.mutable_expected_revision();  // Set, with no condition.
  EXPECT_THAT(ValidateRetractEvent(request).field_violations(),
              ElementsAre(Violation("expected_revision", "set exactly one of exact")));
}


v1::RepresentationObservation ValidObservation() {
  v1::RepresentationObservation observation;
  observation.set_observation_id("6f1c2a4e-0000-4000-8000-0000000000aa");
  observation.mutable_observe_date()->set_year(2005);
  observation.mutable_observe_date()->set_month(1);
  observation.mutable_observe_date()->set_day(1);
  observation.set_a_code("USA");
  observation.set_b_code("KHM");
  observation.set_a_in_b(v1::OBSERVED_REPRESENTATION_AMBASSADOR);
  observation.set_b_in_a(v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES);
  observation.set_summary("Embassies both ways");
  return observation;
}

v1::RecordObservationsRequest ObservationRequest(
    std::vector<v1::RepresentationObservation> observations) {
  v1::RecordObservationsRequest request;
  for (auto& observation : observations) *request.add_observations() = std::move(observation);
  return request;
}

TEST(ValidateRecordObservationsTest, AValidObservationPasses) {
  EXPECT_TRUE(ValidateRecordObservations(ObservationRequest({ValidObservation()}), Now()).empty());
}

TEST(ValidateRecordObservationsTest, NamesEveryBadField) {
  v1::RepresentationObservation bad = ValidObservation();
  bad.set_observation_id("cow-2005");
  bad.mutable_observe_date()->set_month(13);
  bad.set_a_code("XYZ");
  bad.set_b_in_a(static_cast<v1::ObservedRepresentation>(42));
  bad.add_citations()->set_url("ftp://example.com");
  v1::RepresentationObservation same_codes = ValidObservation();
  same_codes.set_observation_id("6f1c2a4e-0000-4000-8000-0000000000ab");
  same_codes.set_b_code("USA");
  v1::RepresentationObservation unobserved = ValidObservation();
  unobserved.set_observation_id("6f1c2a4e-0000-4000-8000-0000000000ac");
  unobserved.clear_a_in_b();
  unobserved.clear_b_in_a();
  const Violations violations =
      ValidateRecordObservations(ObservationRequest({bad, same_codes, unobserved}), Now());
  std::vector<std::string> fields;
  for (const auto& violation : violations.field_violations()) fields.push_back(violation.field);
  EXPECT_THAT(fields, ElementsAre("observations[0].observation_id",
                                  "observations[0].observe_date", "observations[0].a_code",
                                  "observations[0].b_in_a", "observations[0].citations[0].url",
                                  "observations[1].b_code", "observations[2].a_in_b"));
  EXPECT_THAT(violations.field_violations()[1].description, HasSubstr("is not a calendar date"));
  EXPECT_THAT(violations.field_violations()[5].description,
              HasSubstr("USA is a_code too; an observation is between two actors"));
  EXPECT_THAT(violations.field_violations()[6].description, HasSubstr("observe at least one side"));
}

TEST(ValidateRecordObservationsTest, AnIdSharedByDifferentObservationsIsRefused) {
  v1::RepresentationObservation other = ValidObservation();
  other.set_b_in_a(v1::OBSERVED_REPRESENTATION_NONE);
  // The same observation written the other way round is the same observation.
  v1::RepresentationObservation mirrored = ValidObservation();
  mirrored.set_a_code("KHM");
  mirrored.set_b_code("USA");
  mirrored.set_a_in_b(v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES);
  mirrored.set_b_in_a(v1::OBSERVED_REPRESENTATION_AMBASSADOR);
  EXPECT_TRUE(ValidateRecordObservations(ObservationRequest({ValidObservation(), mirrored}), Now()).empty());
  EXPECT_THAT(
      ValidateRecordObservations(ObservationRequest({ValidObservation(), other}), Now())
          .field_violations(),
      ElementsAre(Violation("observations[1].observation_id", "observations[0] has the same")));
}

TEST(ValidateRecordObservationsTest, EachOnItsOwnKeepsEachObservationsViolationsApart) {
  v1::RepresentationObservation bad = ValidObservation();
  bad.set_observation_id("6f1c2a4e-0000-4000-8000-0000000000ad");
  bad.set_a_code("");
  const RecordViolations violations =
      ValidateEachRecordObservation(ObservationRequest({ValidObservation(), bad}), Now());
  EXPECT_EQ(violations.request.size(), 0u);
  ASSERT_EQ(violations.items.size(), 2u);
  EXPECT_EQ(violations.items[0].size(), 0u);
  EXPECT_THAT(violations.items[1].field_violations(),
              ElementsAre(Violation("observations[1].a_code", "required: a country's ISO")));
  EXPECT_THAT(ValidateEachRecordObservation(ObservationRequest({}), Now()).request
                  .field_violations(),
              ElementsAre(Violation("observations", "no observations; give 1 to 1,000")));
}

TEST(NormalizeObservationTest, PutsTheCodesInAlphabeticalOrderWithTheirLevels) {
  v1::RepresentationObservation observation = ValidObservation();
  observation.set_observation_id("6F1C2A4E-0000-4000-8000-0000000000AA");
  NormalizeObservation(observation);
  EXPECT_EQ(observation.observation_id(), "6f1c2a4e-0000-4000-8000-0000000000aa");
  EXPECT_EQ(observation.a_code(), "KHM");
  EXPECT_EQ(observation.b_code(), "USA");
  EXPECT_EQ(observation.a_in_b(), v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES);
  EXPECT_EQ(observation.b_in_a(), v1::OBSERVED_REPRESENTATION_AMBASSADOR);
}

}  // namespace
}  // namespace chancery::domain
