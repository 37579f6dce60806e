// HMAC-SHA256 (OpenSSL), for authenticating what the server writes out and
// reads back: projection snapshots and page tokens, keyed with the
// database's secret (EventStore::Secret).

#ifndef CHANCERY_COMMON_HMAC_H_
#define CHANCERY_COMMON_HMAC_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace chancery {

inline constexpr size_t kMacSize = 32;

// HmacSha256 returns the kMacSize-byte MAC of `data` under `key`.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// MacMatches is true when `mac` is the MAC of `data` under `key`; it compares
// in constant time, so a forger learns nothing from how long a refusal takes.
bool MacMatches(absl::string_view key, absl::string_view data, absl::string_view mac);

}  // namespace chancery

#endif  // CHANCERY_COMMON_HMAC_H_
