#include "tests/conformance/cpp/proto_json.h"

#include <google/protobuf/util/json_util.h>

namespace chancery::conformance {

using google::protobuf::util::JsonStringToMessage;
using google::protobuf::util::MessageToJsonString;

absl::Status ParseJson(const std::string& text, google::protobuf::Value* value) {
  const auto status = JsonStringToMessage(text, value);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(status.ToString());
}

absl::Status ValueToMessage(const google::protobuf::Value& value,
                            google::protobuf::Message* message) {
  const auto status = JsonStringToMessage(ToJson(value), message);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(status.ToString());
}

google::protobuf::Value MessageToValue(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string text;
  google::protobuf::Value value;
  // Printing a valid message and parsing what protobuf printed cannot fail.
  (void)MessageToJsonString(message, &text, options);
  (void)JsonStringToMessage(text, &value);
  return value;
}

std::string ToJson(const google::protobuf::Value& value) {
  std::string text;
  (void)MessageToJsonString(value, &text);
  return text;
}

}  // namespace chancery::conformance
