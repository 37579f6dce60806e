// Page tokens: where the next page starts, bound to the request it came from.
//
// A token is opaque to clients (base64url). It names the next position (or
// revision) and a fingerprint of the request's other fields, so a token used
// with a different filter is refused instead of silently skipping records.
// It ends with an HMAC-SHA256 of the rest under the database's secret
// (EventStore::Secret), so a client can neither forge nor alter one, and a
// token of another database is refused too.

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

// EncodePageToken makes a token of `values` (the next position, say, or a
// page's fixed query point and its offset), authenticated with `secret`.
std::string EncodePageToken(const std::vector<int64_t>& values, absl::string_view fingerprint,
                            absl::string_view secret);

// DecodePageToken returns the `count` values of a token made with `secret`
// for the same request, or INVALID_ARGUMENT naming page_token.
absl::StatusOr<std::vector<int64_t>> DecodePageToken(absl::string_view token,
                                                     absl::string_view fingerprint, size_t count,
                                                     absl::string_view secret);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_PAGE_TOKEN_H_
