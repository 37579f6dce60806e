// Ed25519 key pairs made with OpenSSL for a test, written as the PEM files
// chanceryd and chancery read (and an RSA key, which they refuse).

#ifndef CHANCERY_COMMON_TESTING_ED25519_KEYS_H_
#define CHANCERY_COMMON_TESTING_ED25519_KEYS_H_

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace chancery::testing {

struct KeyFiles {
  std::string private_pem;  // Paths.
  std::string public_pem;
};

// WriteNewKey makes a key of `type` ("ED25519", "RSA") and writes its
// private half to `prefix`.key and its public half to `prefix`.pub.
inline KeyFiles WriteNewKey(const std::string& prefix, const char* type = "ED25519") {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      std::string(type) == "RSA" ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048})
                                 : EVP_PKEY_Q_keygen(nullptr, nullptr, type),
      &EVP_PKEY_free);
  if (key == nullptr) throw std::runtime_error("cannot make a key");
  KeyFiles files{prefix + ".key", prefix + ".pub"};
  std::unique_ptr<BIO, decltype(&BIO_free)> private_file(
      BIO_new_file(files.private_pem.c_str(), "w"), &BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> public_file(
      BIO_new_file(files.public_pem.c_str(), "w"), &BIO_free);
  if (private_file == nullptr || public_file == nullptr ||
      PEM_write_bio_PrivateKey(private_file.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_file.get(), key.get()) != 1) {
    throw std::runtime_error("cannot write " + prefix + ".key/.pub");
  }
  return files;
}

}  // namespace chancery::testing

#endif  // CHANCERY_COMMON_TESTING_ED25519_KEYS_H_
