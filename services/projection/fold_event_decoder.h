// DecodeFoldEvent: a FoldEvent straight from a stored DiplomaticEvent's
// bytes, reading only the fields the fold uses.
//
// A rebuild folds every event of the log; parsing each into a full
// v1::DiplomaticEvent (summary, citations, display names) would cost more
// than the fold itself. The fields are read with protobuf's own
// CodedInputStream, so the wire format is protobuf's, not ours.

#ifndef CHANCERY_SERVICES_PROJECTION_FOLD_EVENT_DECODER_H_
#define CHANCERY_SERVICES_PROJECTION_FOLD_EVENT_DECODER_H_

#include <string>

#include "absl/strings/string_view.h"
#include "services/projection/fold_event.h"

namespace chancery::projection {

// DecodeFoldEvent fills `event` (recorded at `position` with the valid time
// `valid_time_us`, in the stream whose first code is `stream_a`) from
// `payload`, the serialized DiplomaticEvent; false if it does not parse.
// Equal to ToFoldEvent of the parsed message: the store's valid time is its
// occur_date (domain::Day), so the date is not decoded again.
bool DecodeFoldEvent(absl::string_view payload, uint64_t position, int64_t valid_time_us,
                     absl::string_view stream_a, FoldEvent& event);

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_FOLD_EVENT_DECODER_H_
