// Page tokens: where the next page starts, bound to the request it came from.
//
// A token is opaque to clients (base64url). It names the next position (or
// revision) and a fingerprint of the request's other fields, so a token used
// with a different filter is refused instead of silently skipping records.

#ifndef CHANCERY_SERVICES_SERVER_PAGE_TOKEN_H_
#define CHANCERY_SERVICES_SERVER_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace chancery::server {

// RequestFingerprint identifies `request`'s fields other than paging; the
// caller clears page_size and page_token in the copy it passes.
std::string RequestFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(int64_t next, absl::string_view fingerprint);
// A token that carries several numbers (a page's fixed query point and its
// offset, say).
std::string EncodePageToken(const std::vector<int64_t>& values, absl::string_view fingerprint);

// DecodePageToken returns the `next` of a token made for the same request,
// or INVALID_ARGUMENT naming page_token.
absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, absl::string_view fingerprint);
// DecodePageToken for a token of `count` numbers.
absl::StatusOr<std::vector<int64_t>> DecodePageToken(absl::string_view token,
                                                     absl::string_view fingerprint, size_t count);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_PAGE_TOKEN_H_
