// --json output: each message on one line, in protobuf's JSON mapping.

#ifndef CHANCERY_CLIENTS_CPP_JSON_LINES_H_
#define CHANCERY_CLIENTS_CPP_JSON_LINES_H_

#include <ostream>
#include <string>

#include "google/protobuf/message.h"

namespace chancery::cli {

// ToJsonLine is `message` in the protobuf JSON mapping (lowerCamelCase
// names, fields at their default value left out), without a line break.
std::string ToJsonLine(const google::protobuf::Message& message);

// PrintJsonLine writes ToJsonLine(message) and a line break to `out` and flushes it, so a
// reader of a pipe sees each message as it comes.
void PrintJsonLine(const google::protobuf::Message& message, std::ostream& out);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_JSON_LINES_H_
