// Checking a step's outcome against its `expect` (tests/conformance/README.md,
// "Expectations").

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_EXPECTED_OUTCOME_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_EXPECTED_OUTCOME_H_

#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/status/status.h"
#include "chancery/error.h"

namespace chancery::conformance {

// CheckOutcome compares a call that ended with `outcome` and returned
// `actual` with `expect` (empty when the step has none): with
// `expect.error` the call must fail so; otherwise it must succeed, and
// `actual` must match `expect[result_key]` when given. A mismatch is a
// FAILED_PRECONDITION naming what differs.
absl::Status CheckOutcome(const google::protobuf::Struct& expect, const std::string& result_key,
                          const Result<void>& outcome, const google::protobuf::Value& actual);

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_EXPECTED_OUTCOME_H_
