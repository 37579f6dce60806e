// ICEWS event files as Harvard Dataverse exports them: tab-separated, with a
// header row naming the columns (Event ID, Event Date, Source Name, Source
// Sectors, Source Country, Event Text, CAMEO Code, Intensity, Target Name,
// ...). Countries are names ("Cambodia"), mapped to codes with the actor
// registry; "NA" or nothing means the source named no country.

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/import_fields.h"
#include "clients/cpp/import_row.h"
#include "services/domain/actor_codes.h"

namespace chancery::cli {
namespace {

// The columns read, in the order of `columns_` below.
constexpr const char* kColumnNames[] = {"Event ID",    "Event Date",     "Source Name",
                                        "Source Country", "Event Text", "CAMEO Code",
                                        "Intensity",   "Target Name",    "Target Country"};
enum Column {
  kEventId,
  kEventDate,
  kSourceName,
  kSourceCountry,
  kEventText,
  kCameoCode,
  kIntensity,
  kTargetName,
  kTargetCountry,
  kIcewsColumnCount
};

bool NoCountry(absl::string_view name) { return name.empty() || name == "NA"; }

class IcewsParser : public RowParser {
 public:
  IcewsParser(std::vector<size_t> columns, size_t header_size)
      : columns_(std::move(columns)), header_size_(header_size) {}

  ImportRow Parse(absl::string_view line) const override {
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (fields.size() != header_size_) {
      return ImportRow::Rejected(absl::StrCat("has ", fields.size(),
                                              " columns; the header has ", header_size_));
    }
    auto field = [&](Column column) { return fields[columns_[column]]; };
    if (field(kEventId).empty()) return ImportRow::Rejected("Event ID is empty");
    if (NoCountry(field(kSourceCountry)) || NoCountry(field(kTargetCountry))) {
      return ImportRow::Skipped(absl::StrCat(
          "no country for the ", NoCountry(field(kSourceCountry)) ? "source" : "target"));
    }
    const domain::ActorRegistry& registry = domain::ActorRegistry::Default();
    const absl::string_view source_code = registry.CountryCodeForName(field(kSourceCountry));
    const absl::string_view target_code = registry.CountryCodeForName(field(kTargetCountry));
    for (auto [code, name] : {std::pair{source_code, field(kSourceCountry)},
                              std::pair{target_code, field(kTargetCountry)}}) {
      if (code.empty()) {
        return ImportRow::Rejected(absl::StrCat(
            "country \"", name, "\" is not in the CAMEO country names (text_to_CAMEO_countrynames.txt)"));
      }
    }
    ImportRow row;
    row.kind = ImportRow::Kind::kEvent;
    v1::DiplomaticEvent& event = row.event;
    event.set_event_id(NameBasedEventId(absl::StrCat("icews:", field(kEventId))));
    absl::StatusOr<google::type::Date> date = ParseDateFlag("Event Date", field(kEventDate));
    if (!date.ok()) return ImportRow::Rejected(std::string(date.status().message()));
    *event.mutable_occur_date() = *date;
    SetActor(source_code, "", field(kSourceName), *event.mutable_source());
    SetActor(target_code, "", field(kTargetName), *event.mutable_target());
    event.set_cameo_code(std::string(field(kCameoCode)));
    // Intensity is ICEWS's Goldstein value; keep the source's own.
    if (!field(kIntensity).empty()) {
      absl::StatusOr<double> goldstein = ParseGoldstein(field(kIntensity));
      if (!goldstein.ok()) {
        return ImportRow::Rejected(absl::StrCat("Intensity ", goldstein.status().message()));
      }
      event.set_goldstein(*goldstein);
    }
    event.set_summary(ImportSummary(event, field(kEventText)));
    return row;
  }

 private:
  std::vector<size_t> columns_;  // Column -> index in a row.
  size_t header_size_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<RowParser>> NewIcewsParser(absl::string_view header) {
  const std::vector<absl::string_view> names = absl::StrSplit(header, '\t');
  absl::flat_hash_map<absl::string_view, size_t> index;
  for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
  std::vector<size_t> columns;
  for (const char* name : kColumnNames) {
    auto it = index.find(name);
    if (it == index.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the ICEWS header has no column \"", name, "\""));
    }
    columns.push_back(it->second);
  }
  static_assert(sizeof(kColumnNames) / sizeof(kColumnNames[0]) == kIcewsColumnCount);
  return std::make_unique<IcewsParser>(std::move(columns), names.size());
}

}  // namespace chancery::cli
