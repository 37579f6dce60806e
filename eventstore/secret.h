// The database's secret (EventStore::Secret): 32 random bytes from
// OpenSSL's generator, made once when a store is created and kept in it.

#ifndef CHANCERY_EVENTSTORE_SECRET_H_
#define CHANCERY_EVENTSTORE_SECRET_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace chancery::eventstore {

inline constexpr size_t kSecretSize = 32;

// NewSecret: kSecretSize fresh random bytes; INTERNAL if OpenSSL has none.
absl::StatusOr<std::string> NewSecret();

}  // namespace chancery::eventstore

#endif  // CHANCERY_EVENTSTORE_SECRET_H_
