// Valid chancery.v1 events and requests for tests that talk to chanceryd.

#ifndef CHANCERY_TESTS_INTEGRATION_TEST_EVENTS_H_
#define CHANCERY_TESTS_INTEGRATION_TEST_EVENTS_H_

#include <string>

#include "absl/strings/str_format.h"
#include "chancery/v1/event.pb.h"

namespace chancery::testing {

// TestUuid is a well-formed UUID that differs for each `n` (and `salt`).
inline std::string TestUuid(int n, int salt = 0) {
  return absl::StrFormat("%08x-0000-4000-8000-%012x", salt, n);
}

// TestEvent: `source` does `cameo_code` to `target` on 2019-11-26.
inline v1::DiplomaticEvent TestEvent(const std::string& id, const std::string& source = "USA",
                                     const std::string& target = "KHM",
                                     const std::string& cameo_code = "036") {
  v1::DiplomaticEvent event;
  event.set_event_id(id);
  event.mutable_occur_date()->set_year(2019);
  event.mutable_occur_date()->set_month(11);
  event.mutable_occur_date()->set_day(26);
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
