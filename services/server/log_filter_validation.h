// ValidateLogFilter: checks a client's LogFilter and puts it in canonical form.

#ifndef CHANCERY_SERVICES_SERVER_LOG_FILTER_VALIDATION_H_
#define CHANCERY_SERVICES_SERVER_LOG_FILTER_VALIDATION_H_

#include "absl/strings/string_view.h"
#include "chancery/v1/log_filter.pb.h"
#include "services/domain/violations.h"

namespace chancery::server {

// At most this many entries in each list of a filter.
inline constexpr int kMaxFilterEntries = 100;

// ValidateLogFilter returns `filter` with its stream names canonical
// ("USA-KHM" becomes "KHM-USA"), adding to `bad_request` one violation per
// bad entry, named from `path` ("filter.actor_codes[2]"): a stream that is
// not one or two known actor codes, an unknown actor code, a CAMEO prefix
// that is not 1 to 4 digits, or a list longer than kMaxFilterEntries.
v1::LogFilter ValidateLogFilter(const v1::LogFilter& filter, absl::string_view path,
                                domain::Violations& bad_request);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_LOG_FILTER_VALIDATION_H_
