// What the importers' parsers share: reading their fields into an event.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_FIELDS_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_FIELDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"
#include "google/protobuf/message.h"
#include "google/type/date.pb.h"

namespace chancery::cli {

// ParseJsonText fills `message` from the JSON `text` (unknown fields are
// errors) and returns "" or the first line of the parser's complaint. A text
// nested more than 32 levels deep is refused unparsed.
std::string ParseJsonText(absl::string_view text, google::protobuf::Message& message);

// ParseYyyymmdd reads GDELT's SQLDATE ("20191126") as a calendar date.
absl::StatusOr<google::type::Date> ParseYyyymmdd(absl::string_view text);

// ParseGoldstein reads a source's Goldstein value, a number from -10 to 10.
absl::StatusOr<double> ParseGoldstein(absl::string_view text);

// SetActor sets `actor`'s code, its role when the shipped codebook knows
// `role` (sources use roles Chancery does not; those are left out), and its
// display name cut to the API's 200 characters.
void SetActor(absl::string_view code, absl::string_view role, absl::string_view name,
              v1::Actor& actor);

// ImportSummary is the summary of an imported event whose source has no
// text of its own: "Express intent to meet or negotiate (UNITED STATES →
// CAMBODIA)" with an arrow, the action being `action` or else the codebook's name of the
// event's code.
std::string ImportSummary(const v1::DiplomaticEvent& event, absl::string_view action);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_FIELDS_H_
