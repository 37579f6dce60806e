// Checks that several RPCs make of their requests, in one place so that a
// field means the same and fails with the same words everywhere.

#ifndef CHANCERY_SERVICES_SERVER_REQUEST_CHECKS_H_
#define CHANCERY_SERVICES_SERVER_REQUEST_CHECKS_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>
#include <vector>

#include "eventstore/event_store.h"
#include "services/domain/violations.h"
#include "services/server/page_token.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

// CheckPageSize returns `page_size` (0 means the default, 100), adding a
// violation at "page_size" when it is outside 1 to 1,000.
int32_t CheckPageSize(int32_t page_size, domain::Violations& bad_request);

// CheckActorCode adds a violation at `field` when `code` is not a known
// country or organisation code.
void CheckActorCode(const std::string& code, const std::string& field,
                    domain::Violations& bad_request);

// CheckStreamStart is OUT_OF_RANGE when a stream asks to start after a
// position `store` has not recorded.
grpc::Status CheckStreamStart(uint64_t after_position, eventstore::EventStore& store);

// FingerprintWithoutPaging identifies `request` by its fields other than
// page_size and page_token, for binding page tokens to it.
template <typename Request>
std::string FingerprintWithoutPaging(Request request) {
  request.clear_page_size();
  request.clear_page_token();
  return RequestFingerprint(request);
}

// The values a page token's number may take: what the request field it
// stands for accepts.
struct CursorRange {
  int64_t min = 0;
  int64_t max = INT64_MAX;
};

// CheckCursor adds a violation at "page_token" when a value of `cursor` is
// outside its range. Tokens are authenticated, but their values are still
// checked as a request's would be: a MAC proves who wrote a token, not that
// every value in it is one this read accepts now.
void CheckCursor(const std::vector<int64_t>& cursor, const std::vector<CursorRange>& ranges,
                 domain::Violations& bad_request);

// PageCursor decodes `request.page_token()` (one number per range; none for
// the first page) with `secret`, adding a violation at "page_token" when it
// is not a token this server issued for this request and database, or holds
// a value out of its range.
template <typename Request>
std::vector<int64_t> PageCursor(const Request& request, const std::vector<CursorRange>& ranges,
                                absl::string_view secret, domain::Violations& bad_request) {
  if (request.page_token().empty()) return {};
  absl::StatusOr<std::vector<int64_t>> decoded =
      DecodePageToken(request.page_token(), FingerprintWithoutPaging(request), ranges.size(),
                      secret);
  if (!decoded.ok()) {
    bad_request.Add("page_token", std::string(decoded.status().message()));
    return {};
  }
  CheckCursor(*decoded, ranges, bad_request);
  return *std::move(decoded);
}

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_REQUEST_CHECKS_H_
