#include "clients/cpp/record_result.h"

#include "clients/cpp/json_lines.h"

namespace chancery::cli {

void PrintRecordResult(const Context& context, const v1::RecordResult& result,
                       absl::string_view verb, std::ostream& out) {
  if (context.json) {
    PrintJsonLine(result, out);
    return;
  }
  out << (result.duplicate() ? "already " : "") << verb << " " << result.event_id()
      << " at position " << result.position() << " (" << result.stream() << " revision "
      << result.revision() << ")" << std::endl;
}

}  // namespace chancery::cli
