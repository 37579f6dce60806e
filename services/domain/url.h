// A strict check that a citation URL is an absolute http or https URL.
//
// Written here rather than taken from a URL library: the rules are few and
// the service must not depend on one for them. They follow RFC 3986, with
// non-ASCII characters allowed outside the scheme and port as in RFC 3987
// (IRIs), because URLs copied from browsers carry them:
//   - scheme "http" or "https" (any case), then "://";
//   - a host: a domain name (labels of letters, digits, '-' or non-ASCII
//     characters, 1 to 63 bytes, no leading or trailing '-', joined by '.',
//     an optional final '.'), an IPv4 address, or an IPv6 literal in
//     brackets; no user name or password ("user@host" is refused);
//   - an optional port of 1 to 5 digits, at most 65535;
//   - then a path, query and fragment of RFC 3986 characters (letters,
//     digits, -._~!$&'()*+,;=:@/? and '%' followed by two hex digits, '#'
//     once to start the fragment) or non-ASCII characters; never spaces,
//     control characters, or <>"{}|\^`.
// The text must be valid UTF-8.

#ifndef CHANCERY_SERVICES_DOMAIN_URL_H_
#define CHANCERY_SERVICES_DOMAIN_URL_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace chancery::domain {

// CheckHttpUrl returns OK when `url` follows the rules above, otherwise
// INVALID_ARGUMENT whose message says what is wrong ("the scheme must be
// http or https", "there is no host", ...).
absl::Status CheckHttpUrl(absl::string_view url);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_URL_H_
