// Fuzzes request validation (services/domain/event_validator.h and the log filters of
// services/server/log_filter_validation.h): the bytes are parsed as a RecordEventsRequest, a
// RecordObservationsRequest, a RetractEventRequest and a LogFilter, as chanceryd receives
// them, and each is validated. Validating a request whole must find what validating its
// records one by one finds; an event found valid must stay valid once normalized, and
// normalizing it again must change nothing; a filter found valid must stay valid, and stay
// the same, once put in canonical form.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "chancery/v1/relations_service.pb.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/stubs/logging.h"
#include "services/domain/event_normalizer.h"
#include "services/domain/event_validator.h"
#include "services/domain/violations.h"
#include "services/server/log_filter_validation.h"

namespace {

namespace domain = chancery::domain;
namespace v1 = chancery::v1;

// A fixed now, so that a crash replays alike on any day.
const absl::Time kNow = absl::FromCivil(absl::CivilDay(2026, 1, 1), absl::UTCTimeZone());

// Whole and one by one, the same violations are found.
void CheckSameCount(const domain::Violations& whole, const domain::RecordViolations& each,
                    int records) {
  FUZZ_CHECK(each.items.size() == static_cast<size_t>(records));
  size_t count = each.request.size();
  for (const domain::Violations& item : each.items) count += item.size();
  FUZZ_CHECK(whole.size() == count);
}

void CheckEvents(const v1::RecordEventsRequest& request) {
  const domain::RecordViolations each = domain::ValidateEachRecordEvent(request, kNow);
  CheckSameCount(domain::ValidateRecordEvents(request, kNow), each, request.events_size());
  for (int i = 0; i < request.events_size(); ++i) {
    if (!each.items[i].empty()) continue;
    v1::DiplomaticEvent event = request.events(i);
    domain::NormalizeEvent(event);
    FUZZ_CHECK(domain::ValidateEvent(event, kNow).empty());
    const std::string normalized = domain::DeterministicBytes(event);
    domain::NormalizeEvent(event);
    FUZZ_CHECK(domain::DeterministicBytes(event) == normalized);
  }
}

void CheckObservations(const v1::RecordObservationsRequest& request) {
  const domain::RecordViolations each = domain::ValidateEachRecordObservation(request, kNow);
  CheckSameCount(domain::ValidateRecordObservations(request, kNow), each,
                 request.observations_size());
  for (int i = 0; i < request.observations_size(); ++i) {
    if (!each.items[i].empty()) continue;
    v1::RepresentationObservation observation = request.observations(i);
    domain::NormalizeObservation(observation);
    const std::string normalized = domain::DeterministicBytes(observation);
    domain::NormalizeObservation(observation);
    FUZZ_CHECK(domain::DeterministicBytes(observation) == normalized);
  }
}

void CheckLogFilter(const v1::LogFilter& filter) {
  domain::Violations bad;
  const v1::LogFilter canonical = chancery::server::ValidateLogFilter(filter, "filter", bad);
  if (!bad.empty()) return;
  domain::Violations again;
  const v1::LogFilter twice = chancery::server::ValidateLogFilter(canonical, "filter", again);
  FUZZ_CHECK(again.empty());
  FUZZ_CHECK(domain::DeterministicBytes(twice) == domain::DeterministicBytes(canonical));
}

}  // namespace

// Protobuf logs each string field of invalid UTF-8 it parses; those are expected here.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int length = static_cast<int>(size);
  if (v1::RecordEventsRequest events; events.ParseFromArray(data, length)) CheckEvents(events);
  if (v1::RecordObservationsRequest observations; observations.ParseFromArray(data, length)) {
    CheckObservations(observations);
  }
  if (v1::RetractEventRequest retract; retract.ParseFromArray(data, length)) {
    (void)domain::ValidateRetractEvent(retract);
  }
  if (v1::LogFilter filter; filter.ParseFromArray(data, length)) CheckLogFilter(filter);
  return 0;
}
