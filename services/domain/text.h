// Checks on free text: valid UTF-8, a length in characters, no control
// characters; and number formatting for messages.
//
// Lengths are counted in Unicode code points, as the API states ("at most
// 2,000 characters"), never in bytes: "Phnom Penh" and "ភ្នំពេញ" are 10 and 7.

#ifndef CHANCERY_SERVICES_DOMAIN_TEXT_H_
#define CHANCERY_SERVICES_DOMAIN_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace chancery::domain {

// CodePointCount returns the number of code points in `text`, or nullopt when
// `text` is not valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF, no truncated sequence).
absl::optional<size_t> CodePointCount(absl::string_view text);

// CheckText returns OK when `text` is valid UTF-8 of at most `max_chars`
// code points with no control character other than line feed and tab (none
// of U+0000-U+0008, U+000B-U+001F, U+007F, U+0080-U+009F; so no carriage
// return). Otherwise INVALID_ARGUMENT whose message completes a sentence
// about the field, e.g. "is 2,345 characters long; at most 2,000 are
// allowed", "contains the control character U+0007 at character 18; ...",
// or "is not valid UTF-8 (at byte 17)".
absl::Status CheckText(absl::string_view text, size_t max_chars);

// WithThousands formats `n` with comma separators: 2048 -> "2,048".
std::string WithThousands(uint64_t n);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_TEXT_H_
