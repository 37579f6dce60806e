#include "clients/cpp/json_lines.h"

#include "google/protobuf/util/json_util.h"

namespace chancery::cli {

std::string ToJsonLine(const google::protobuf::Message& message) {
  std::string json;
  // Printing a well-formed message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

void PrintJsonLine(const google::protobuf::Message& message, std::ostream& out) {
  out << ToJsonLine(message) << std::endl;
}

}  // namespace chancery::cli
