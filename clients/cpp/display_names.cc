#include "clients/cpp/display_names.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "clients/cpp/table.h"
#include "services/domain/calendar_date.h"
#include "services/domain/cameo_codebook.h"

namespace chancery::cli {
namespace {

std::string WithoutPrefix(const std::string& name, absl::string_view prefix) {
  return std::string(absl::StripPrefix(name, prefix));
}

}  // namespace

std::string StatusName(v1::RelationshipStatus status) {
  return WithoutPrefix(v1::RelationshipStatus_Name(status), "RELATIONSHIP_STATUS_");
}

std::string TrendName(v1::Trend trend) {
  return WithoutPrefix(v1::Trend_Name(trend), "TREND_");
}

std::string RepresentationName(v1::RepresentationLevel level) {
  return WithoutPrefix(v1::RepresentationLevel_Name(level), "REPRESENTATION_LEVEL_");
}

std::string ObservedName(v1::ObservedRepresentation level) {
  if (level == v1::OBSERVED_REPRESENTATION_UNSPECIFIED) return "not observed";
  return WithoutPrefix(v1::ObservedRepresentation_Name(level), "OBSERVED_REPRESENTATION_");
}

absl::StatusOr<v1::ObservedRepresentation> ParseObserved(absl::string_view flag,
                                                         absl::string_view text) {
  std::string name = absl::AsciiStrToUpper(text);
  if (!absl::StartsWith(name, "OBSERVED_REPRESENTATION_")) {
    name = "OBSERVED_REPRESENTATION_" + name;
  }
  v1::ObservedRepresentation level;
  if (v1::ObservedRepresentation_Parse(name, &level) &&
      level != v1::OBSERVED_REPRESENTATION_UNSPECIFIED) {
    return level;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(flag, "=", text,
                   " is not one of: none, charge_d_affaires, minister, ambassador, other"));
}

std::string MeasureName(v1::MeasureKind kind) {
  return WithoutPrefix(v1::MeasureKind_Name(kind), "MEASURE_KIND_");
}

const char* StatusColour(v1::RelationshipStatus status) {
  switch (status) {
    case v1::RELATIONSHIP_STATUS_NORMAL:
      return kGreen;
    case v1::RELATIONSHIP_STATUS_STRAINED:
      return kYellow;
    case v1::RELATIONSHIP_STATUS_DOWNGRADED:
    case v1::RELATIONSHIP_STATUS_SUSPENDED:
    case v1::RELATIONSHIP_STATUS_SEVERED:
      return kRed;
    default:
      return nullptr;
  }
}

absl::StatusOr<v1::RelationshipStatus> ParseStatus(absl::string_view text) {
  std::string name = absl::AsciiStrToUpper(text);
  if (!absl::StartsWith(name, "RELATIONSHIP_STATUS_")) name = "RELATIONSHIP_STATUS_" + name;
  v1::RelationshipStatus status;
  if (v1::RelationshipStatus_Parse(name, &status) &&
      status != v1::RELATIONSHIP_STATUS_UNSPECIFIED) {
    return status;
  }
  std::vector<std::string> allowed;
  for (int value = v1::RELATIONSHIP_STATUS_NONE; value <= v1::RelationshipStatus_MAX; ++value) {
    allowed.push_back(absl::AsciiStrToLower(
        StatusName(static_cast<v1::RelationshipStatus>(value))));
  }
  return absl::InvalidArgumentError(absl::StrCat("--status=", text, " is not one of: ",
                                                 absl::StrJoin(allowed, ", ")));
}

std::string RecordWhat(const v1::LogRecord& record) {
  if (record.has_retraction()) {
    return absl::StrCat("retraction of ", record.retraction().retracted_event_id(), ": ",
                        record.retraction().reason());
  }
  if (record.has_observation()) {
    const v1::RepresentationObservation& observation = record.observation();
    return absl::StrCat("observed ", observation.a_code(), " in ", observation.b_code(), ": ",
                        ObservedName(observation.a_in_b()), "; ", observation.b_code(), " in ",
                        observation.a_code(), ": ", ObservedName(observation.b_in_a()));
  }
  const v1::DiplomaticEvent& event = record.event();
  std::string what = event.summary();
  if (what.empty()) {
    const domain::CameoCode* code = domain::CameoCodebook::Default().Find(event.cameo_code());
    if (code != nullptr) what = code->name;
  }
  return absl::StrCat(event.cameo_code(), " ", event.source().code(), ">",
                      event.target().code(), " ", what);
}

std::string RecordDate(const v1::LogRecord& record) {
  if (record.has_event()) return domain::FormatDate(record.event().occur_date());
  if (record.has_observation()) return domain::FormatDate(record.observation().observe_date());
  const absl::Time time = absl::FromUnixSeconds(record.record_time().seconds());
  return absl::FormatTime("%Y-%m-%d", time, absl::UTCTimeZone());
}

std::string FormatScore(double score) {
  std::string text = absl::StrFormat("%.2f", score);
  return text == "-0.00" ? "0.00" : text;
}

std::string Shorten(const std::string& text, size_t max_chars) {
  if (max_chars == 0 || DisplayWidth(text) <= max_chars) return text;
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    // Count lead bytes only: continuation bytes are 10xxxxxx.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars++ == max_chars - 1) return text.substr(0, i) + "…";
  }
  return text;
}

}  // namespace chancery::cli
