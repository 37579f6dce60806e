// Fuzzes the decoders of stored event payloads: ToLogRecord (ReadLog, SubscribeLog) for each
// event type the service writes, and DecodeFoldEvent, the fold's fast path that reads five
// fields of a DiplomaticEvent's wire bytes itself. On the bytes the service stores (a
// DiplomaticEvent's deterministic serialization) the fast path must agree with
// ToFoldEvent of the parsed message.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"
#include "eventstore/event.h"
#include "fuzz/fuzz_check.h"
#include "google/protobuf/stubs/logging.h"
#include "services/domain/calendar_date.h"
#include "services/domain/day.h"
#include "services/domain/event_normalizer.h"
#include "services/projection/fold_event.h"
#include "services/projection/fold_event_decoder.h"
#include "services/server/log_record_codec.h"

namespace {

using chancery::projection::FoldEvent;

constexpr uint64_t kPosition = 7;
constexpr absl::string_view kStreamA = "KHM";  // The stream KHM-USA's first code.

// The fold of a stored DiplomaticEvent by both ways, which must agree.
void CheckFoldEvent(absl::string_view payload) {
  chancery::v1::DiplomaticEvent event;
  const bool parsed = event.ParseFromArray(payload.data(), static_cast<int>(payload.size()));
  const bool stored_form = parsed && chancery::domain::DeterministicBytes(event) == payload;
  const int64_t valid_time_us =
      stored_form && chancery::domain::IsCalendarDate(event.occur_date())
          ? chancery::domain::Day::FromDate(event.occur_date()).valid_time_us()
          : 0;
  FoldEvent fast;
  const bool decoded =
      chancery::projection::DecodeFoldEvent(payload, kPosition, valid_time_us, kStreamA, fast);
  if (!stored_form) return;
  FUZZ_CHECK(decoded);
  FoldEvent expected = chancery::projection::ToFoldEvent(event, kPosition, kStreamA);
  if (valid_time_us == 0) fast.day = expected.day;  // Only calendar dates are ever stored.
  if (std::isnan(expected.goldstein) && std::isnan(fast.goldstein)) {
    fast.goldstein = expected.goldstein = 0;  // NaN equals nothing, itself included.
  }
  FUZZ_CHECK(fast == expected);
}

}  // namespace

// Protobuf logs each string field of invalid UTF-8 it parses; those are expected here.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view payload(reinterpret_cast<const char*>(data), size);
  for (const char* type : {chancery::server::kDiplomaticEventType,
                           chancery::server::kRetractionType, chancery::server::kObservationType}) {
    chancery::eventstore::RecordedEventView view;
    view.position = kPosition;
    view.stream = "KHM-USA";
    view.event_type = type;
    view.payload = std::string_view(payload.data(), payload.size());
    (void)chancery::server::ToLogRecord(view);
  }
  CheckFoldEvent(payload);
  chancery::v1::RepresentationObservation observation;
  if (observation.ParseFromArray(data, static_cast<int>(size))) {
    (void)chancery::projection::ToFoldEvent(observation, kPosition);
  }
  return 0;
}
