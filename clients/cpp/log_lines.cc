#include "clients/cpp/log_lines.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/table.h"

namespace chancery::cli {

std::string LogHeader(bool colour) {
  return Paint(absl::StrFormat("%8s  %-10s  %-7s  %s", "POSITION", "DATE", "STREAM", "WHAT"),
               kBold, colour);
}

std::string LogLine(const v1::LogRecord& record, bool colour) {
  std::string line = absl::StrFormat("%8d  %-10s  %-7s  %s", record.position(), RecordDate(record),
                                     record.stream(),
                                     Paint(Shorten(RecordWhat(record), 100),
                                           record.has_retraction() ? kMagenta : nullptr, colour));
  if (!record.recorded_by().empty()) absl::StrAppend(&line, "  (by ", record.recorded_by(), ")");
  return line;
}

}  // namespace chancery::cli
