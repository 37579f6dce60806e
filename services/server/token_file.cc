#include "services/server/token_file.h"

#include <openssl/sha.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace chancery::server {
namespace {

constexpr size_t kMaxPrincipal = 128;

bool IsPrincipalChar(char c) {
  return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '@' || c == ':' || c == '/' ||
         c == '-';
}

// Digest reads "sha256:<64 hex digits>" into 32 raw bytes.
std::optional<std::string> Digest(absl::string_view field) {
  if (!absl::ConsumePrefix(&field, "sha256:") || field.size() != 2 * SHA256_DIGEST_LENGTH ||
      !std::all_of(field.begin(), field.end(), absl::ascii_isxdigit)) {
    return std::nullopt;
  }
  return absl::HexStringToBytes(field);
}

}  // namespace

std::string TokenDigest(absl::string_view token) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

absl::StatusOr<TokenTable> ParseTokens(absl::string_view text, absl::string_view name) {
  TokenTable table;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(name, " line ", line_number, ": ", why,
                                                     "; each line is \"sha256:<hex digest of the "
                                                     "token> <principal> <role>[,<role>...] "
                                                     "[expires=<RFC 3339 time>]\""));
    };
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() != 3 && fields.size() != 4) {
      return bad(absl::StrCat("has ", fields.size(), " fields, not 3 or 4"));
    }
    std::optional<std::string> digest = Digest(fields[0]);
    if (!digest) {
      return bad("the first field is not \"sha256:\" and 64 hex digits (a token's digest, never "
                 "the token itself)");
    }
    const absl::string_view principal = fields[1];
    if (principal.size() > kMaxPrincipal ||
        !std::all_of(principal.begin(), principal.end(), IsPrincipalChar)) {
      return bad(absl::StrCat("principal \"", absl::CHexEscape(principal),
                              "\" is not 1 to 128 letters, digits and . _ @ : / -"));
    }
    TokenGrant grant{std::string(principal), {}};
    for (absl::string_view role_name : absl::StrSplit(fields[2], ',')) {
      std::optional<Role> role = ParseRole(role_name);
      if (!role) {
        return bad(absl::StrCat("\"", absl::CHexEscape(role_name), "\" is not a role (roles: ",
                                kRoleNames, ")"));
      }
      grant.roles.Add(*role);
    }
    if (fields.size() == 4) {
      absl::string_view expires = fields[3];
      std::string why;
      if (!absl::ConsumePrefix(&expires, "expires=") ||
          !absl::ParseTime(absl::RFC3339_full, expires, &grant.expires, &why)) {
        return bad(absl::StrCat("\"", absl::CHexEscape(fields[3]),
                                "\" is not expires=<RFC 3339 time> (expires=2027-01-31T00:00:00Z)"));
      }
    }
    if (!table.emplace(*std::move(digest), std::move(grant)).second) {
      return bad("this digest is on an earlier line too");
    }
  }
  if (table.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " holds no token; without --tokens the server is open to everyone"));
  }
  return table;
}

absl::StatusOr<TokenTable> LoadTokenFile(const std::string& path) {
  const std::string name = absl::StrCat("--tokens=", path);
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    const int error = errno;
    const std::string why = absl::StrCat(name, ": ", std::strerror(error));
    return error == ENOENT ? absl::NotFoundError(why) : absl::PermissionDeniedError(why);
  }
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(name, " is not a file"));
  }
  if (info.st_mode & S_IWOTH) {
    return absl::FailedPreconditionError(absl::StrCat(
        name, " may be written by every user, who could add a token; chmod o-w it"));
  }
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  if (!file) {
    return absl::PermissionDeniedError(absl::StrCat(name, ": cannot read it: ",
                                                    std::strerror(errno)));
  }
  return ParseTokens(text.str(), name);
}

}  // namespace chancery::server
