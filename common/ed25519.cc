#include "common/ed25519.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace chancery {
namespace {

using KeyPointer = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Reader = EVP_PKEY* (*)(BIO*, EVP_PKEY**, pem_password_cb*, void*);

// A passphrase prompt would block a server at start: encrypted keys fail.
int NoPassphrase(char*, int, int, void*) { return -1; }

// ReadKey reads the PEM key of `kind` ("private", "public") at `path` with
// `read` and checks that it is Ed25519.
absl::StatusOr<KeyPointer> ReadKey(const std::string& path, absl::string_view kind, Reader read) {
  std::unique_ptr<BIO, decltype(&BIO_free)> file(BIO_new_file(path.c_str(), "r"), &BIO_free);
  if (file == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  KeyPointer key(read(file.get(), nullptr, &NoPassphrase, nullptr), &EVP_PKEY_free);
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is not a PEM ", kind, " key (make one with openssl genpkey -algorithm ed25519",
        kind == "public" ? " and openssl pkey -pubout" : "", "; it must not be encrypted)"));
  }
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds a ",
                                                   EVP_PKEY_get0_type_name(key.get()), " ", kind,
                                                   " key, not an Ed25519 one"));
  }
  return key;
}

std::string RawPublicKey(const EVP_PKEY* key) {
  std::string raw(kEd25519PublicKeySize, '\0');
  size_t size = raw.size();
  EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &size);
  return raw;
}

}  // namespace

absl::StatusOr<Ed25519PrivateKey> Ed25519PrivateKey::ReadPem(const std::string& path) {
  absl::StatusOr<KeyPointer> key = ReadKey(path, "private", &PEM_read_bio_PrivateKey);
  if (!key.ok()) return key.status();
  std::string public_key = RawPublicKey(key->get());
  return Ed25519PrivateKey(std::shared_ptr<EVP_PKEY>(std::move(*key)), std::move(public_key));
}

std::string Ed25519PrivateKey::Sign(absl::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  std::string signature(kEd25519SignatureSize, '\0');
  size_t size = signature.size();
  // Ed25519 hashes the message itself: no digest.
  if (EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()),
                     message.size()) != 1) {
    return "";  // Only on allocation failure; such a signature never verifies.
  }
  return signature;
}

absl::StatusOr<std::string> ReadEd25519PublicKeyPem(const std::string& path) {
  absl::StatusOr<KeyPointer> key = ReadKey(path, "public", &PEM_read_bio_PUBKEY);
  if (!key.ok()) return key.status();
  return RawPublicKey(key->get());
}

bool Ed25519Verify(absl::string_view public_key, absl::string_view message,
                   absl::string_view signature) {
  KeyPointer key(EVP_PKEY_new_raw_public_key(
                     EVP_PKEY_ED25519, nullptr,
                     reinterpret_cast<const unsigned char*>(public_key.data()), public_key.size()),
                 &EVP_PKEY_free);
  if (key == nullptr) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  return EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
         EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

}  // namespace chancery
