// How enum values and records read in human output.

#ifndef CHANCERY_CLIENTS_CPP_DISPLAY_NAMES_H_
#define CHANCERY_CLIENTS_CPP_DISPLAY_NAMES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/log_record.pb.h"
#include "chancery/v1/relationship.pb.h"

namespace chancery::cli {

// Enum names without their type prefix: STRAINED, THAWING, AMBASSADOR,
// CHARGE_D_AFFAIRES, SANCTIONS, VERBAL_COOPERATION.
std::string StatusName(v1::RelationshipStatus status);
std::string TrendName(v1::Trend trend);
std::string RepresentationName(v1::RepresentationLevel level);
std::string MeasureName(v1::MeasureKind kind);
// ObservedName is AMBASSADOR, ..., or "not observed" for an unset side.
std::string ObservedName(v1::ObservedRepresentation level);

// ParseObserved reads a level flag (`flag` names it in the error): none,
// charge_d_affaires, minister, ambassador or other, in any case.
absl::StatusOr<v1::ObservedRepresentation> ParseObserved(absl::string_view flag,
                                                         absl::string_view text);

// StatusColour is the colour of a status: green for NORMAL, yellow for
// STRAINED, red from DOWNGRADED on; nullptr for none.
const char* StatusColour(v1::RelationshipStatus status);

// ParseStatus reads --status: a status name in any case, with or without
// its prefix ("strained", "RELATIONSHIP_STATUS_STRAINED").
absl::StatusOr<v1::RelationshipStatus> ParseStatus(absl::string_view text);

// RecordWhat says what a log record holds: "036 USA>KHM Express intent to
// meet or negotiate" for an event (code, actors, summary or the code's
// name), "retraction of <id>: <reason>" for a retraction.
std::string RecordWhat(const v1::LogRecord& record);

// RecordDate is the event's date YYYY-MM-DD, or the record time's UTC date
// for a retraction.
std::string RecordDate(const v1::LogRecord& record);

// FormatScore writes a score with two decimals, never "-0.00".
std::string FormatScore(double score);

// Shorten cuts `text` to `max_chars` code points, ending it with "…" when cut.
std::string Shorten(const std::string& text, size_t max_chars);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_DISPLAY_NAMES_H_
