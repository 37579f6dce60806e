#include "common/hmac.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace chancery {

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  std::string mac(kMacSize, '\0');
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(),
       reinterpret_cast<unsigned char*>(mac.data()), &length);
  return mac;
}

bool MacMatches(absl::string_view key, absl::string_view data, absl::string_view mac) {
  const std::string expected = HmacSha256(key, data);
  return mac.size() == expected.size() &&
         CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

}  // namespace chancery
