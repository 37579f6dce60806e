#include "services/domain/url.h"

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/domain/text.h"

namespace chancery::domain {
namespace {

absl::Status Invalid(absl::string_view what) { return absl::InvalidArgumentError(what); }

bool IsAsciiAlnum(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)); }
bool IsNonAscii(char c) { return static_cast<uint8_t>(c) >= 0x80; }

absl::Status CheckDomainName(absl::string_view host) {
  if (absl::EndsWith(host, ".")) host.remove_suffix(1);  // A fully qualified "example.com.".
  for (absl::string_view label : absl::StrSplit(host, '.')) {
    if (label.empty()) return Invalid("the host has an empty label (\"..\" or a leading '.')");
    if (label.size() > 63) return Invalid("a label of the host is longer than 63 bytes");
    if (label.front() == '-' || label.back() == '-') {
      return Invalid("a label of the host starts or ends with '-'");
    }
    for (char c : label) {
      if (!IsAsciiAlnum(c) && c != '-' && !IsNonAscii(c)) {
        return Invalid(absl::StrCat("the host contains '", absl::string_view(&c, 1),
                                    "'; it must be a domain name or an IP address"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckIpv6Literal(absl::string_view literal) {
  if (literal.empty()) return Invalid("the IPv6 address in [] is empty");
  for (char c : literal) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c)) && c != ':' && c != '.') {
      return Invalid("the IPv6 address in [] may hold only hex digits, ':' and '.'");
    }
  }
  if (literal.find(':') == absl::string_view::npos) {
    return Invalid("the IPv6 address in [] has no ':'");
  }
  return absl::OkStatus();
}

absl::Status CheckPort(absl::string_view port) {
  uint32_t value;
  if (port.empty() || port.size() > 5 ||
      !std::all_of(port.begin(), port.end(),
                   [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }) ||
      !absl::SimpleAtoi(port, &value) || value > 65535) {
    return Invalid("the port must be a number from 0 to 65535");
  }
  return absl::OkStatus();
}

// CheckPathQueryFragment checks what follows the authority.
absl::Status CheckPathQueryFragment(absl::string_view rest) {
  constexpr absl::string_view kAllowedPunctuation = "-._~!$&'()*+,;=:@/?";
  bool in_fragment = false;
  for (size_t i = 0; i < rest.size(); ++i) {
    const char c = rest[i];
    if (IsAsciiAlnum(c) || IsNonAscii(c) ||
        kAllowedPunctuation.find(c) != absl::string_view::npos) {
      continue;
    }
    if (c == '%') {
      if (i + 2 >= rest.size() || !absl::ascii_isxdigit(static_cast<unsigned char>(rest[i + 1])) ||
          !absl::ascii_isxdigit(static_cast<unsigned char>(rest[i + 2]))) {
        return Invalid("a '%' is not followed by two hex digits");
      }
      i += 2;
      continue;
    }
    if (c == '#' && !in_fragment) {
      in_fragment = true;
      continue;
    }
    const std::string hex = absl::StrCat(absl::Hex(static_cast<uint8_t>(c), absl::kZeroPad2));
    return Invalid(absl::StrCat("it contains '", absl::string_view(&c, 1),
                                "', which must be percent-encoded (%", absl::AsciiStrToUpper(hex),
                                ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckHttpUrl(absl::string_view url) {
  if (!CodePointCount(url).has_value()) return Invalid("it is not valid UTF-8");
  const size_t colon = url.find(':');
  const absl::string_view scheme = url.substr(0, colon);
  if (colon == absl::string_view::npos || scheme.empty() ||
      (!absl::EqualsIgnoreCase(scheme, "http") && !absl::EqualsIgnoreCase(scheme, "https"))) {
    return Invalid("it must start with http:// or https://");
  }
  absl::string_view rest = url.substr(colon + 1);
  if (!absl::ConsumePrefix(&rest, "//")) {
    return Invalid(absl::StrCat("\"", scheme, ":\" must be followed by \"//\" and a host"));
  }
  for (size_t i = 0; i < url.size(); ++i) {
    const uint8_t c = static_cast<uint8_t>(url[i]);
    const bool c1_control =
        c == 0xC2 && i + 1 < url.size() && static_cast<uint8_t>(url[i + 1]) <= 0x9F;
    if (c <= 0x20 || c == 0x7F || c1_control) {
      return Invalid(absl::StrCat("it contains a space or control character at byte ", i,
                                  "; percent-encode spaces as %20"));
    }
  }

  const size_t authority_end = rest.find_first_of("/?#");
  const absl::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == absl::string_view::npos ? absl::string_view()
                                                  : rest.substr(authority_end);

  if (authority.find('@') != absl::string_view::npos) {
    return Invalid("it must not contain a user name or password (\"user@host\")");
  }
  absl::string_view host = authority;
  absl::string_view after_host;
  if (absl::StartsWith(authority, "[")) {
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos) return Invalid("the '[' of an IPv6 host is not closed");
    if (absl::Status status = CheckIpv6Literal(authority.substr(1, close - 1)); !status.ok()) {
      return status;
    }
    host = authority.substr(0, close + 1);
    after_host = authority.substr(close + 1);
  } else {
    const size_t port_colon = authority.find(':');
    host = authority.substr(0, port_colon);
    after_host = port_colon == absl::string_view::npos ? absl::string_view()
                                                       : authority.substr(port_colon);
    if (host.empty()) return Invalid("there is no host");
    if (absl::Status status = CheckDomainName(host); !status.ok()) return status;
  }
  if (!after_host.empty()) {
    if (!absl::ConsumePrefix(&after_host, ":")) {
      return Invalid("the host must be followed by ':' and a port, or by '/', '?', '#'");
    }
    if (absl::Status status = CheckPort(after_host); !status.ok()) return status;
  }
  return CheckPathQueryFragment(rest);
}

}  // namespace chancery::domain
