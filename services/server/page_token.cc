#include "services/server/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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

std::string EncodePageToken(const std::vector<int64_t>& values, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("v1:", absl::StrJoin(values, "."), ":", fingerprint));
}

std::string EncodePageToken(int64_t next, absl::string_view fingerprint) {
  return EncodePageToken(std::vector<int64_t>{next}, fingerprint);
}

absl::StatusOr<std::vector<int64_t>> DecodePageToken(absl::string_view token,
                                                     absl::string_view fingerprint, size_t count) {
  std::string text;
  std::vector<absl::string_view> parts;
  if (absl::WebSafeBase64Unescape(token, &text)) parts = absl::StrSplit(text, ':');
  std::vector<int64_t> values;
  bool numbers = parts.size() == 3 && parts[0] == "v1";
  if (numbers) {
    for (absl::string_view part : absl::StrSplit(parts[1], '.')) {
      int64_t value = 0;
      numbers &= absl::SimpleAtoi(part, &value);
      values.push_back(value);
    }
  }
  if (!numbers || values.size() != count) {
    return absl::InvalidArgumentError(
        "page_token is not a token this server issued; pass next_page_token unchanged");
  }
  if (parts[2] != fingerprint) {
    return absl::InvalidArgumentError(
        "page_token belongs to a request with other parameters; repeat the request's other "
        "fields unchanged, or start over without a token");
  }
  return values;
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view fingerprint) {
  absl::StatusOr<std::vector<int64_t>> values = DecodePageToken(token, fingerprint, 1);
  if (!values.ok()) return values.status();
  return values->front();
}

}  // namespace chancery::server
