// Moving between protobuf messages and the proto JSON mapping the vectors
// are written in, through protobuf's own JSON support.

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_PROTO_JSON_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_PROTO_JSON_H_

#include <google/protobuf/message.h>
#include <google/protobuf/struct.pb.h>

#include <string>

#include "absl/status/status.h"

namespace chancery::conformance {

// ParseJson parses JSON text into `value`.
absl::Status ParseJson(const std::string& text, google::protobuf::Value* value);

// ValueToMessage reads `value` (a request in proto JSON) into `message`.
absl::Status ValueToMessage(const google::protobuf::Value& value,
                            google::protobuf::Message* message);

// MessageToValue prints `message` as proto JSON, fields with default values
// included, and parses that.
google::protobuf::Value MessageToValue(const google::protobuf::Message& message);

// ToJson prints `value` as JSON text (for failure messages).
std::string ToJson(const google::protobuf::Value& value);

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_PROTO_JSON_H_
