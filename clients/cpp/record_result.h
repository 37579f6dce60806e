// What `record` and `retract` print for the RecordResult of their one write.

#ifndef CHANCERY_CLIENTS_CPP_RECORD_RESULT_H_
#define CHANCERY_CLIENTS_CPP_RECORD_RESULT_H_

#include <ostream>

#include "absl/strings/string_view.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/cli_context.h"

namespace chancery::cli {

// PrintRecordResult writes `result` to `out` as a JSON line under --json,
// else as "<verb> ID at position P (STREAM revision R)", with "already "
// before `verb` ("recorded", "retracted") when the write was a duplicate.
void PrintRecordResult(const Context& context, const v1::RecordResult& result,
                       absl::string_view verb, std::ostream& out);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_RECORD_RESULT_H_
