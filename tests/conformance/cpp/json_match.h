// The vectors' "Matching" rules (tests/conformance/README.md): expected
// objects are subsets, arrays have the same length, numbers match within a
// tolerance and may be decimal strings in `actual` (64-bit integers).

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_JSON_MATCH_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_JSON_MATCH_H_

#include <google/protobuf/struct.pb.h>

#include <string>
#include <vector>

namespace chancery::conformance {

// Mismatches lists where `actual` fails to match `expected` ("$.items[0].position:
// expected 3, got 4"); empty when it matches. `path` names the root.
std::vector<std::string> Mismatches(const google::protobuf::Value& expected,
                                    const google::protobuf::Value& actual,
                                    const std::string& path = "$");

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_JSON_MATCH_H_
