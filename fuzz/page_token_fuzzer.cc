// Fuzzes page-token decoding (services/server/page_token.h). The bytes are tried twice: as a
// token a client sends, and as the content of an authentic token, so that the parse behind
// the HMAC check is reached too. What such a token decodes to must encode to a token that
// decodes to the same values.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/hmac.h"
#include "fuzz/fuzz_check.h"
#include "services/server/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using chancery::server::DecodePageToken;
  using chancery::server::EncodePageToken;
  constexpr absl::string_view kSecret = "the database's secret";
  constexpr absl::string_view kFingerprint = "0123456789abcdef";
  const absl::string_view bytes(reinterpret_cast<const char*>(data), size);

  for (size_t count = 0; count <= 3; ++count) {
    (void)DecodePageToken(bytes, kFingerprint, count, kSecret);

    const std::string signed_token =
        absl::WebSafeBase64Escape(absl::StrCat(bytes, chancery::HmacSha256(kSecret, bytes)));
    absl::StatusOr<std::vector<int64_t>> values =
        DecodePageToken(signed_token, kFingerprint, count, kSecret);
    if (!values.ok()) {
      FUZZ_CHECK(values.status().code() == absl::StatusCode::kInvalidArgument);
      continue;
    }
    FUZZ_CHECK(values->size() == count);
    absl::StatusOr<std::vector<int64_t>> again = DecodePageToken(
        EncodePageToken(*values, kFingerprint, kSecret), kFingerprint, count, kSecret);
    FUZZ_CHECK(again.ok() && *again == *values);
  }
  return 0;
}
