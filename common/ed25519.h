// Ed25519 keys and signatures through OpenSSL's EVP API, keys in PEM files
// (`openssl genpkey -algorithm ed25519`), for signing checkpoints of the log.

#ifndef CHANCERY_COMMON_ED25519_H_
#define CHANCERY_COMMON_ED25519_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace chancery {

inline constexpr size_t kEd25519PublicKeySize = 32;
inline constexpr size_t kEd25519SignatureSize = 64;

class Ed25519PrivateKey {
 public:
  // ReadPem reads a PEM private key (PKCS #8, unencrypted); INVALID_ARGUMENT
  // naming `path` when it cannot be read, is not a PEM private key, or is a
  // key of another type.
  static absl::StatusOr<Ed25519PrivateKey> ReadPem(const std::string& path);

  // Sign is the 64-byte Ed25519 signature of `message`.
  std::string Sign(absl::string_view message) const;

  // PublicKey is the key's 32 raw public bytes.
  const std::string& PublicKey() const { return public_key_; }

 private:
  Ed25519PrivateKey(std::shared_ptr<EVP_PKEY> key, std::string public_key)
      : key_(std::move(key)), public_key_(std::move(public_key)) {}

  std::shared_ptr<EVP_PKEY> key_;
  std::string public_key_;
};

// ReadEd25519PublicKeyPem reads a PEM public key (SubjectPublicKeyInfo) and
// returns its 32 raw bytes; INVALID_ARGUMENT naming `path` as ReadPem.
absl::StatusOr<std::string> ReadEd25519PublicKeyPem(const std::string& path);

// Ed25519Verify is true when `signature` is `public_key`'s (32 raw bytes)
// signature of `message`.
bool Ed25519Verify(absl::string_view public_key, absl::string_view message,
                   absl::string_view signature);

}  // namespace chancery

#endif  // CHANCERY_COMMON_ED25519_H_
