// Where a read is evaluated: its as-of date (valid time) and known-at
// position (transaction time), resolved from a request's optional fields.

#ifndef CHANCERY_SERVICES_SERVER_QUERY_POINT_H_
#define CHANCERY_SERVICES_SERVER_QUERY_POINT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "chancery/v1/known_at.pb.h"
#include "services/domain/violations.h"
#include "google/type/date.pb.h"
#include "services/projection/projection_index.h"

namespace chancery::server {

// AsOfDay returns `date` when `has_date`, checking
// that it is a full calendar date (a violation at `field` otherwise), or
// today's UTC date.
domain::Day AsOfDay(bool has_date, const google::type::Date& date, const std::string& field,
                domain::Violations& bad_request);

// An inclusive range of days; an unset end is unbounded.
struct DayRange {
  bool has_start = false;
  bool has_end = false;
  domain::Day start = domain::Day::FromNumber(INT32_MIN);
  domain::Day end = domain::Day::FromNumber(INT32_MAX);
};

// CheckDayRange reads a request's optional `start_date` and `end_date`,
// checking that each set one is a full calendar date and that the range is
// not reversed (violations at those fields otherwise).
DayRange CheckDayRange(bool has_start, const google::type::Date& start_date, bool has_end,
                       const google::type::Date& end_date, domain::Violations& bad_request);

// CheckKnownAt checks a request's optional `known_at`: a time must be a
// valid google.protobuf.Timestamp (a violation at "known_at.time" otherwise).
void CheckKnownAt(bool has_known_at, const v1::KnownAt& known_at,
                  domain::Violations& bad_request);

// KnownAtPosition returns the last position `known_at` lets a query see:
// the head of `index` when unset. OUT_OF_RANGE for a position past the head
// or a time in the future.
absl::StatusOr<uint64_t> KnownAtPosition(bool has_known_at, const v1::KnownAt& known_at,
                                         const projection::ProjectionIndex& index);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_QUERY_POINT_H_
