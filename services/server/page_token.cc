#include "services/server/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/hmac.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace chancery::server {

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream output(&bytes);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  // FNV-1a: stable across processes and replicas, unlike absl::Hash.
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : bytes) hash = (hash ^ byte) * 1099511628211ull;
  return absl::StrCat(absl::Hex(hash, absl::kZeroPad16));
}

std::string EncodePageToken(const std::vector<int64_t>& values, absl::string_view fingerprint,
                            absl::string_view secret) {
  const std::string content = absl::StrCat("v2:", absl::StrJoin(values, "."), ":", fingerprint);
  return absl::WebSafeBase64Escape(absl::StrCat(content, HmacSha256(secret, content)));
}

absl::StatusOr<std::vector<int64_t>> DecodePageToken(absl::string_view token,
                                                     absl::string_view fingerprint, size_t count,
                                                     absl::string_view secret) {
  std::string bytes;
  absl::string_view content;
  if (absl::WebSafeBase64Unescape(token, &bytes) && bytes.size() > kMacSize) {
    content = absl::string_view(bytes).substr(0, bytes.size() - kMacSize);
    if (!MacMatches(secret, content, absl::string_view(bytes).substr(content.size()))) {
      content = {};
    }
  }
  // Only an authentic token's content is parsed.
  const std::vector<absl::string_view> parts = absl::StrSplit(content, ':');
  std::vector<int64_t> values;
  bool numbers = parts.size() == 3 && parts[0] == "v2";
  if (numbers) {
    for (absl::string_view part : absl::StrSplit(parts[1], '.')) {
      int64_t value = 0;
      numbers &= absl::SimpleAtoi(part, &value);
      values.push_back(value);
    }
  }
  if (!numbers || values.size() != count) {
    return absl::InvalidArgumentError(
        "page_token is not a token this server issued for this database, or it was altered; "
        "start again without a token");
  }
  if (parts[2] != fingerprint) {
    return absl::InvalidArgumentError(
        "page_token belongs to a request with other parameters; repeat the request's other "
        "fields unchanged, or start again without a token");
  }
  return values;
}

}  // namespace chancery::server
