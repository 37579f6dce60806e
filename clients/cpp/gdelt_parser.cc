// GDELT event exports: 1.0 daily files (57 columns, or 58 with SOURCEURL
// from April 2013) and 2.0 15-minute files (61 columns: three ADM2 codes
// more), tab-separated, no header. The columns used come before the
// geography, where both versions agree; SOURCEURL is always the last.
// Layouts: GDELT's column label files (tests/data/gdelt/PROVENANCE.md).

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/import_fields.h"
#include "clients/cpp/import_row.h"
#include "services/domain/url.h"

namespace chancery::cli {
namespace {

enum GdeltColumn {
  kGlobalEventId = 0,
  kSqlDate = 1,
  kActor1Name = 6,
  kActor1CountryCode = 7,
  kActor1Type1Code = 12,
  kActor2Name = 16,
  kActor2CountryCode = 17,
  kActor2Type1Code = 22,
  kEventCode = 26,
  kQuadClass = 29,
  kGoldsteinScale = 30,
};

bool IsDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(c)) return false;
  }
  return true;
}

class GdeltParser : public RowParser {
 public:
  ImportRow Parse(absl::string_view line) const override {
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    const size_t columns = fields.size();
    if (!IsGdeltColumnCount(columns)) {
      return ImportRow::Rejected(absl::StrCat(
          "has ", columns, " columns; GDELT 1.0 rows have 57 or 58, GDELT 2.0 rows 61"));
    }
    if (!IsDigits(fields[kGlobalEventId])) {
      return ImportRow::Rejected(
          absl::StrCat("GLOBALEVENTID \"", fields[kGlobalEventId], "\" is not a number"));
    }
    if (fields[kActor1CountryCode].empty() || fields[kActor2CountryCode].empty()) {
      return ImportRow::Skipped(absl::StrCat(
          "no country code for ", fields[kActor1CountryCode].empty() ? "Actor1" : "Actor2"));
    }
    ImportRow row;
    row.kind = ImportRow::Kind::kEvent;
    v1::DiplomaticEvent& event = row.event;
    event.set_event_id(NameBasedEventId(absl::StrCat("gdelt:", fields[kGlobalEventId])));
    absl::StatusOr<google::type::Date> date = ParseYyyymmdd(fields[kSqlDate]);
    if (!date.ok()) return ImportRow::Rejected(absl::StrCat("SQLDATE ", date.status().message()));
    *event.mutable_occur_date() = *date;
    SetActor(fields[kActor1CountryCode], fields[kActor1Type1Code], fields[kActor1Name],
             *event.mutable_source());
    SetActor(fields[kActor2CountryCode], fields[kActor2Type1Code], fields[kActor2Name],
             *event.mutable_target());
    event.set_cameo_code(std::string(fields[kEventCode]));
    if (!fields[kGoldsteinScale].empty()) {
      absl::StatusOr<double> goldstein = ParseGoldstein(fields[kGoldsteinScale]);
      if (!goldstein.ok()) {
        return ImportRow::Rejected(absl::StrCat("GoldsteinScale ", goldstein.status().message()));
      }
      event.set_goldstein(*goldstein);
    }
    const absl::string_view quad = fields[kQuadClass];
    if (!quad.empty()) {
      if (quad.size() != 1 || quad[0] < '1' || quad[0] > '4') {
        return ImportRow::Rejected(absl::StrCat("QuadClass \"", quad, "\" is not 1, 2, 3 or 4"));
      }
      event.set_quad_class(static_cast<v1::QuadClass>(quad[0] - '0'));
    }
    event.set_summary(ImportSummary(event, ""));
    // SOURCEURL is sometimes a publisher's name rather than a URL; cite only real URLs.
    if (columns > 57 && domain::CheckHttpUrl(fields.back()).ok()) {
      event.add_citations()->set_url(std::string(fields.back()));
    }
    return row;
  }
};

}  // namespace

bool IsGdeltColumnCount(size_t columns) { return columns == 57 || columns == 58 || columns == 61; }

std::unique_ptr<RowParser> NewGdeltParser() { return std::make_unique<GdeltParser>(); }

}  // namespace chancery::cli
