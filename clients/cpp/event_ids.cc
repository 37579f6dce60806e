#include "clients/cpp/event_ids.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace chancery::cli {
namespace {

using UuidBytes = std::array<uint8_t, 16>;

std::string FormatUuid(UuidBytes bytes, int version) {
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0F) | (version << 4));
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant.
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes.data()), 16));
  return absl::StrCat(hex.substr(0, 8), "-", hex.substr(8, 4), "-", hex.substr(12, 4), "-",
                      hex.substr(16, 4), "-", hex.substr(20));
}

}  // namespace

std::string NameBasedEventId(absl::string_view name) {
  static const std::string* namespace_bytes = new std::string(
      absl::HexStringToBytes(absl::StrReplaceAll(kImportNamespace, {{"-", ""}})));
  std::string input = absl::StrCat(*namespace_bytes, name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr) != 1) {
    std::abort();  // SHA-1 is built into every OpenSSL; failing here is a broken install.
  }
  UuidBytes bytes;
  std::copy(digest, digest + bytes.size(), bytes.begin());
  return FormatUuid(bytes, 5);
}

std::string RandomEventId() {
  UuidBytes bytes;
  if (RAND_bytes(bytes.data(), bytes.size()) != 1) std::abort();  // No entropy source at all.
  return FormatUuid(bytes, 4);
}

}  // namespace chancery::cli
