// The tokens file (chanceryd --tokens=FILE): who may call, and as what.
//
// One line per token:
//   sha256:<64 hex digits: the SHA-256 of the token> <principal> <role>[,<role>...] [expires=<RFC 3339 time>]
// for example
//   sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 ingest recorder
//   sha256:60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752 tmp reader expires=2027-01-31T00:00:00Z
// Blank lines and lines starting with '#' are skipped. The file holds only
// digests, never a token: make one with
//   printf %s "$TOKEN" | sha256sum
// A principal is 1 to 128 of letters, digits and . _ @ : / - (it is stored
// with what its holder records).

#ifndef CHANCERY_SERVICES_SERVER_TOKEN_FILE_H_
#define CHANCERY_SERVICES_SERVER_TOKEN_FILE_H_

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/server/access_policy.h"

namespace chancery::server {

struct TokenGrant {
  std::string principal;
  RoleSet roles;
  absl::Time expires = absl::InfiniteFuture();  // From then on the token is refused.
};

// Grants by the token's SHA-256 digest (32 raw bytes).
using TokenTable = absl::flat_hash_map<std::string, TokenGrant>;

// ParseTokens reads the text of a tokens file; `name` names it in errors.
// Errors: INVALID_ARGUMENT naming the line and what is wrong (not three or
// four fields, a digest that is not sha256: and 64 hex digits, a principal
// with other characters, an unknown role, a fourth field that is not
// expires=<RFC 3339 time>, a digest listed twice), or for a file with no
// token at all.
absl::StatusOr<TokenTable> ParseTokens(absl::string_view text, absl::string_view name);

// LoadTokenFile reads and parses the file at `path`. Errors besides
// ParseTokens': FAILED_PRECONDITION for a file any user may write (anyone
// could add a token) or for a directory, NOT_FOUND or PERMISSION_DENIED when it cannot be read.
absl::StatusOr<TokenTable> LoadTokenFile(const std::string& path);

// TokenDigest is the SHA-256 of `token`, as TokenTable keys it.
std::string TokenDigest(absl::string_view token);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_TOKEN_FILE_H_
