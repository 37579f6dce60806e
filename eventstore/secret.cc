#include "eventstore/secret.h"

#include <openssl/rand.h>

namespace chancery::eventstore {

absl::StatusOr<std::string> NewSecret() {
  std::string secret(kSecretSize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), kSecretSize) != 1) {
    return absl::InternalError("OpenSSL cannot generate the database's secret");
  }
  return secret;
}

}  // namespace chancery::eventstore
