#include "tests/conformance/cpp/expected_outcome.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chancery/v1/concurrency.pb.h"
#include "tests/conformance/cpp/json_match.h"
#include "tests/conformance/cpp/proto_json.h"

namespace chancery::conformance {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string CodeName(grpc::StatusCode code) {
  // gRPC's and Abseil's codes share numbers and names.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string Describe(const Error& error) {
  return absl::StrCat(CodeName(error.code()), ": ", error.message());
}

absl::Status Mismatch(const std::vector<std::string>& problems) {
  return absl::FailedPreconditionError(absl::StrJoin(problems, "; "));
}

absl::Status CheckFieldViolations(const Error& error, const Value& expected) {
  std::vector<std::string> fields;
  for (const auto& violation : error.field_violations()) fields.push_back(violation.field());
  std::vector<std::string> wanted;
  for (const Value& field : expected.list_value().values()) wanted.push_back(field.string_value());
  std::sort(fields.begin(), fields.end());
  std::sort(wanted.begin(), wanted.end());
  if (fields == wanted) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("field violations [", absl::StrJoin(fields, ", "),
                                                    "], expected [", absl::StrJoin(wanted, ", "), "]"));
}

absl::Status CheckRevisionConflict(const Error& error, const Value& expected) {
  const std::optional<v1::RevisionConflict> conflict = error.Find<v1::RevisionConflict>();
  if (!conflict) return absl::FailedPreconditionError("no RevisionConflict detail");
  std::vector<std::string> problems = Mismatches(expected, MessageToValue(*conflict));
  if (problems.empty()) return absl::OkStatus();
  problems.insert(problems.begin(), "revision conflict");
  return Mismatch(problems);
}

absl::Status CheckError(const Result<void>& outcome, const Struct& expected) {
  const std::string& code = expected.fields().at("code").string_value();
  if (outcome.ok()) return absl::FailedPreconditionError(absl::StrCat("expected ", code, ", got success"));
  const Error& error = outcome.error();
  if (CodeName(error.code()) != code) {
    return absl::FailedPreconditionError(absl::StrCat("expected ", code, ", got ", Describe(error)));
  }
  const auto& fields = expected.fields();
  if (fields.contains("fieldViolations")) {
    absl::Status checked = CheckFieldViolations(error, fields.at("fieldViolations"));
    if (!checked.ok()) return checked;
  }
  if (fields.contains("revisionConflict")) {
    return CheckRevisionConflict(error, fields.at("revisionConflict"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckOutcome(const Struct& expect, const std::string& result_key,
                          const Result<void>& outcome, const Value& actual) {
  const auto& fields = expect.fields();
  if (fields.contains("error")) return CheckError(outcome, fields.at("error").struct_value());
  if (!outcome.ok()) return absl::FailedPreconditionError("unexpected " + Describe(outcome.error()));
  if (!fields.contains(result_key)) return absl::OkStatus();
  const std::vector<std::string> problems = Mismatches(fields.at(result_key), actual);
  return problems.empty() ? absl::OkStatus() : Mismatch(problems);
}

}  // namespace chancery::conformance
