#include "tests/conformance/cpp/expected_outcome.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "chancery/v1/concurrency.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/conformance/cpp/json_match.h"
#include "tests/conformance/cpp/proto_json.h"
#include "tests/support/rich_status.h"

namespace chancery::conformance {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string CodeName(grpc::StatusCode code) {
  // gRPC's and Abseil's codes share numbers and names.
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(CodeName(status.error_code()), ": ", status.error_message());
}

absl::Status Mismatch(const std::vector<std::string>& problems) {
  return absl::FailedPreconditionError(absl::StrJoin(problems, "; "));
}

absl::Status CheckFieldViolations(const google::rpc::Status& rich, const Value& expected) {
  std::vector<std::string> fields;
  for (const auto& any : rich.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) fields.push_back(violation.field());
  }
  std::vector<std::string> wanted;
  for (const Value& field : expected.list_value().values()) wanted.push_back(field.string_value());
  std::sort(fields.begin(), fields.end());
  std::sort(wanted.begin(), wanted.end());
  if (fields == wanted) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("field violations [", absl::StrJoin(fields, ", "),
                                                    "], expected [", absl::StrJoin(wanted, ", "), "]"));
}

absl::Status CheckRevisionConflict(const google::rpc::Status& rich, const Value& expected) {
  for (const auto& any : rich.details()) {
    v1::RevisionConflict conflict;
    if (!any.UnpackTo(&conflict)) continue;
    std::vector<std::string> problems = Mismatches(expected, MessageToValue(conflict));
    if (problems.empty()) return absl::OkStatus();
    problems.insert(problems.begin(), "revision conflict");
    return Mismatch(problems);
  }
  return absl::FailedPreconditionError("no RevisionConflict detail");
}

absl::Status CheckError(const grpc::Status& status, const Struct& expected) {
  const std::string& code = expected.fields().at("code").string_value();
  if (CodeName(status.error_code()) != code) {
    return absl::FailedPreconditionError(
        absl::StrCat("expected ", code, ", got ", status.ok() ? "success" : Describe(status)));
  }
  const google::rpc::Status rich = testing::RichStatus(status);
  const auto& fields = expected.fields();
  if (fields.contains("fieldViolations")) {
    absl::Status checked = CheckFieldViolations(rich, fields.at("fieldViolations"));
    if (!checked.ok()) return checked;
  }
  if (fields.contains("revisionConflict")) {
    return CheckRevisionConflict(rich, fields.at("revisionConflict"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckOutcome(const Struct& expect, const std::string& result_key,
                          const grpc::Status& status, const Value& actual) {
  const auto& fields = expect.fields();
  if (fields.contains("error")) return CheckError(status, fields.at("error").struct_value());
  if (!status.ok()) return absl::FailedPreconditionError("unexpected " + Describe(status));
  if (!fields.contains(result_key)) return absl::OkStatus();
  const std::vector<std::string> problems = Mismatches(fields.at(result_key), actual);
  return problems.empty() ? absl::OkStatus() : Mismatch(problems);
}

}  // namespace chancery::conformance
