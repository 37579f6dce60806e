#include "clients/cpp/change_lines.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/table.h"

namespace chancery::cli {

std::string ChangeLine(const v1::RelationshipChange& change, bool colour) {
  const v1::Relationship& before = change.before();
  const v1::Relationship& after = change.after();
  std::string status = Paint(StatusName(after.status()), StatusColour(after.status()), colour);
  if (before.status() != after.status()) {
    status = absl::StrCat(StatusName(before.status()), " -> ", status);
  }
  return absl::StrFormat("%8d  %-7s  %s  score %s -> %s  %s  %s", change.position(),
                         after.dyad(), status, FormatScore(before.score()),
                         FormatScore(after.score()),
                         TrendName(after.trend()), Shorten(RecordWhat(change.cause()), 80));
}

}  // namespace chancery::cli
