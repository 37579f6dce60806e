#include "tests/conformance/cpp/json_match.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "tests/conformance/cpp/proto_json.h"

namespace chancery::conformance {
namespace {

using google::protobuf::Value;

// NumberOf reads `actual` as a number: a JSON number or a decimal string.
bool NumberOf(const Value& actual, double* number) {
  if (actual.kind_case() == Value::kNumberValue) {
    *number = actual.number_value();
    return true;
  }
  return actual.kind_case() == Value::kStringValue &&
         absl::SimpleAtod(actual.string_value(), number);
}

std::string Got(const std::string& path, const Value& expected, const Value& actual) {
  return absl::StrCat(path, ": expected ", ToJson(expected), ", got ", ToJson(actual));
}

}  // namespace

std::vector<std::string> Mismatches(const Value& expected, const Value& actual,
                                    const std::string& path) {
  std::vector<std::string> problems;
  switch (expected.kind_case()) {
    case Value::kStructValue: {
      if (actual.kind_case() != Value::kStructValue) return {Got(path, expected, actual)};
      const auto& actual_fields = actual.struct_value().fields();
      for (const auto& [key, value] : expected.struct_value().fields()) {
        const std::string where = absl::StrCat(path, ".", key);
        const auto found = actual_fields.find(key);
        if (found == actual_fields.end()) {
          problems.push_back(absl::StrCat(where, ": missing"));
          continue;
        }
        for (std::string& problem : Mismatches(value, found->second, where)) {
          problems.push_back(std::move(problem));
        }
      }
      return problems;
    }
    case Value::kListValue: {
      const auto& want = expected.list_value().values();
      if (actual.kind_case() != Value::kListValue || actual.list_value().values_size() != want.size()) {
        return {Got(path, expected, actual)};
      }
      for (int i = 0; i < want.size(); ++i) {
        for (std::string& problem : Mismatches(want[i], actual.list_value().values(i),
                                               absl::StrCat(path, "[", i, "]"))) {
          problems.push_back(std::move(problem));
        }
      }
      return problems;
    }
    case Value::kNumberValue: {
      double number = 0;
      const double want = expected.number_value();
      if (!NumberOf(actual, &number) || std::abs(number - want) > 1e-9 + 1e-6 * std::abs(want)) {
        return {Got(path, expected, actual)};
      }
      return problems;
    }
    default:  // String, boolean, null: equal.
      if (actual.kind_case() != expected.kind_case() ||
          actual.SerializeAsString() != expected.SerializeAsString()) {
        return {Got(path, expected, actual)};
      }
      return problems;
  }
}

}  // namespace chancery::conformance
