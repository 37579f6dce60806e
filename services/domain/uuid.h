// UUIDs in canonical text form, as event ids use them.

#ifndef CHANCERY_SERVICES_DOMAIN_UUID_H_
#define CHANCERY_SERVICES_DOMAIN_UUID_H_

#include "absl/strings/string_view.h"

namespace chancery::domain {

// IsUuid reports whether `text` is a UUID in canonical text form: 32 hex
// digits in groups of 8-4-4-4-12 joined by '-', either case, nothing around
// them ("0b6f1d2e-4c1a-4f3e-9a57-2f1c3d4e5f60"). Any version and variant,
// the nil UUID included; no braces, no "urn:uuid:" prefix.
bool IsUuid(absl::string_view text);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_UUID_H_
