// RecordFilter: which log records a LogFilter lets through.
//
// A record passes when it passes every non-empty list of the filter: its
// stream is one of `streams`; one of its stream's actor codes is one of
// `actor_codes` (a record's actors are the codes its stream is named by);
// its event's CAMEO code starts with one of `cameo_code_prefixes` (for a
// retraction, the retracted event's code, which the filter is told by a
// lookup, so a filtered reader learns of retractions of what it was sent).

#ifndef CHANCERY_SERVICES_SERVER_RECORD_FILTER_H_
#define CHANCERY_SERVICES_SERVER_RECORD_FILTER_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "chancery/v1/log_filter.pb.h"
#include "chancery/v1/log_record.pb.h"

namespace chancery::server {

class RecordFilter {
 public:
  // The CAMEO code of the event a retraction record retracts ("" if unknown).
  using RetractedCode = std::function<std::string(const v1::LogRecord& retraction)>;

  // `filter` must be validated and its stream names canonical
  // (see ValidateLogFilter). Without `retracted_code`, a CAMEO filter passes
  // no retraction.
  explicit RecordFilter(const v1::LogFilter& filter, RetractedCode retracted_code = nullptr);

  bool Matches(const v1::LogRecord& record) const;
  bool MatchesEverything() const;

 private:
  absl::flat_hash_set<std::string> streams_;
  absl::flat_hash_set<std::string> actor_codes_;
  std::vector<std::string> cameo_code_prefixes_;
  RetractedCode retracted_code_;
};

class Projections;

// FilterKnowingRetractions is a RecordFilter that asks `projections` (which
// must outlive it) which event a retraction retracts.
RecordFilter FilterKnowingRetractions(const v1::LogFilter& filter, const Projections* projections);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_RECORD_FILTER_H_
