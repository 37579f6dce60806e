#include "services/server/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
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

std::string EncodePageToken(int64_t next, absl::string_view fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", next, ":", fingerprint));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view fingerprint) {
  std::string text;
  std::vector<absl::string_view> parts;
  int64_t next = 0;
  if (absl::WebSafeBase64Unescape(token, &text)) parts = absl::StrSplit(text, ':');
  if (parts.size() != 3 || parts[0] != "v1" || !absl::SimpleAtoi(parts[1], &next)) {
    return absl::InvalidArgumentError(
        "page_token is not a token this server issued; pass next_page_token unchanged");
  }
  if (parts[2] != fingerprint) {
    return absl::InvalidArgumentError(
        "page_token belongs to a request with other parameters; repeat the request's other "
        "fields unchanged, or start over without a token");
  }
  return next;
}

}  // namespace chancery::server
