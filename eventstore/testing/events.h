// Helpers that build EventData and requests for event store tests.

#ifndef CHANCERY_EVENTSTORE_TESTING_EVENTS_H_
#define CHANCERY_EVENTSTORE_TESTING_EVENTS_H_

#include <string>
#include <utility>
#include <vector>

#include "eventstore/append.h"
#include "eventstore/event.h"

namespace chancery::testing {

inline eventstore::EventData MakeEvent(std::string id, std::string payload = "payload",
                                       int64_t valid_time_us = 1574726400000000) {
  return {std::move(id), "test.Event", std::move(payload), valid_time_us, /*recorded_by=*/""};
}

inline eventstore::AppendRequest OneStream(
    std::string stream, eventstore::ExpectedRevision expected,
    std::vector<eventstore::EventData> events) {
  eventstore::AppendRequest request;
  request.streams.push_back({std::move(stream), expected, std::move(events)});
  return request;
}

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_EVENTS_H_
