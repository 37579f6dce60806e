#include "chancery/servers.h"

#include <arpa/inet.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace chancery {
namespace {

enum class Family { kNone, kIpv4, kIpv6 };

// FamilyOf: which kind of IP address "IP:PORT" (or "[IPv6]:PORT") starts with.
Family FamilyOf(absl::string_view address) {
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos) return Family::kNone;
  std::string host(address.substr(0, colon));
  unsigned char bytes[16];
  if (inet_pton(AF_INET, host.c_str(), bytes) == 1) return Family::kIpv4;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']' &&
      inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), bytes) == 1) {
    return Family::kIpv6;
  }
  return Family::kNone;
}

}  // namespace

Result<std::string> ServersTarget(const std::string& servers) {
  if (servers.find(',') == std::string::npos) return servers;
  std::vector<std::string> addresses;
  Family family = Family::kNone;
  for (absl::string_view address : absl::StrSplit(servers, ',')) {
    address = absl::StripAsciiWhitespace(address);
    const Family this_one = FamilyOf(address);
    if (this_one == Family::kNone || (family != Family::kNone && this_one != family)) {
      return Error(grpc::StatusCode::INVALID_ARGUMENT,
                   absl::StrCat("\"", address, "\" in the server list \"", servers,
                                "\" is not an IP:PORT address of the list's kind: a list takes "
                                "IPv4 or [IPv6] addresses, not both; for host names give one "
                                "name whose DNS records list every replica"));
    }
    family = this_one;
    addresses.emplace_back(address);
  }
  return absl::StrCat(family == Family::kIpv4 ? "ipv4:" : "ipv6:", absl::StrJoin(addresses, ","));
}

}  // namespace chancery
