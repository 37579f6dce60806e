// Valid chancery.v1 events and requests for tests that talk to chanceryd.

#ifndef CHANCERY_TESTS_INTEGRATION_TEST_EVENTS_H_
#define CHANCERY_TESTS_INTEGRATION_TEST_EVENTS_H_

#include <string>

#include "absl/strings/str_format.h"
#include "chancery/v1/event.pb.h"
#include "google/type/date.pb.h"

namespace chancery::testing {

// A W3C traceparent (the recommendation's example), and its trace and parent ids.
inline constexpr char kTestTraceParent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
inline constexpr char kTestTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
inline constexpr char kTestParentId[] = "00f067aa0ba902b7";

// TestUuid is a well-formed UUID that differs for each `n` (and `salt`).
inline std::string TestUuid(int n, int salt = 0) {
  return absl::StrFormat("%08x-0000-4000-8000-%012x", salt, n);
}

// Date parses "YYYY-MM-DD".
inline google::type::Date Date(const std::string& text) {
  google::type::Date date;
  date.set_year(std::stoi(text.substr(0, 4)));
  date.set_month(std::stoi(text.substr(5, 2)));
  date.set_day(std::stoi(text.substr(8, 2)));
  return date;
}

// TestEvent: `source` does `cameo_code` to `target` on `date`.
inline v1::DiplomaticEvent TestEvent(const std::string& id, const std::string& source = "USA",
                                     const std::string& target = "KHM",
                                     const std::string& cameo_code = "036",
                                     const std::string& date = "2019-11-26") {
  v1::DiplomaticEvent event;
  event.set_event_id(id);
  *event.mutable_occur_date() = Date(date);
  event.mutable_source()->set_code(source);
  event.mutable_source()->set_role("GOV");
  event.mutable_target()->set_code(target);
  event.set_cameo_code(cameo_code);
  event.set_summary("Letter proposing a working group");
  auto* citation = event.add_citations();
  citation->set_publisher("Reuters");
  citation->set_url("https://www.reuters.com/article/us-cambodia-usa");
  return event;
}

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_TEST_EVENTS_H_
