#include "services/server/record_filter.h"

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/strings/str_split.h"
#include "services/server/projections.h"

namespace chancery::server {

RecordFilter::RecordFilter(const v1::LogFilter& filter, RetractedCode retracted_code)
    : streams_(filter.streams().begin(), filter.streams().end()),
      actor_codes_(filter.actor_codes().begin(), filter.actor_codes().end()),
      cameo_code_prefixes_(filter.cameo_code_prefixes().begin(),
                           filter.cameo_code_prefixes().end()),
      retracted_code_(std::move(retracted_code)) {}

bool RecordFilter::MatchesEverything() const {
  return streams_.empty() && actor_codes_.empty() && cameo_code_prefixes_.empty();
}

bool RecordFilter::Matches(const v1::LogRecord& record) const {
  if (!streams_.empty() && !streams_.contains(record.stream())) return false;
  if (!actor_codes_.empty()) {
    bool has_actor = false;
    for (absl::string_view code : absl::StrSplit(record.stream(), '-')) {
      has_actor = has_actor || actor_codes_.contains(code);
    }
    if (!has_actor) return false;
  }
  if (!cameo_code_prefixes_.empty()) {
    std::string retracted;  // Looked up only for a retraction.
    absl::string_view code;
    if (record.has_event()) {
      code = record.event().cameo_code();
    } else if (record.has_retraction() && retracted_code_) {
      retracted = retracted_code_(record);
      code = retracted;
    }
    if (code.empty()) return false;
    for (const std::string& prefix : cameo_code_prefixes_) {
      if (absl::StartsWith(code, prefix)) return true;
    }
    return false;
  }
  return true;
}

RecordFilter FilterKnowingRetractions(const v1::LogFilter& filter,
                                      const Projections* projections) {
  return RecordFilter(filter, [projections](const v1::LogRecord& retraction) {
    return projections->CameoCodeOf(retraction.stream(),
                                    retraction.retraction().retracted_event_id());
  });
}

}  // namespace chancery::server
