// Collecting the field violations of a google.rpc.BadRequest.
//
// A BadRequest travels in the `grpc-status-details-bin` trailer, and gRPC
// clients refuse trailers over their metadata limit (8 KiB by default), which
// would turn a helpful INVALID_ARGUMENT into an opaque error. So a
// ViolationList keeps violations only while their encoded size stays within a
// byte budget, then ends the list with one violation on `overflow_field`
// counting the rest: "37 more violations not listed; fix those above and
// send the request again to see them".

#ifndef CHANCERY_SERVICES_DOMAIN_VIOLATIONS_H_
#define CHANCERY_SERVICES_DOMAIN_VIOLATIONS_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace chancery::domain {

// kDefaultViolationBytes is the default budget: with the message text that
// accompanies a BadRequest, well within gRPC's default 8 KiB metadata limit
// even after base64 (4/3).
inline constexpr size_t kDefaultViolationBytes = 4096;

class ViolationList {
 public:
  // `byte_budget` bounds the encoded size of the kept violations.
  // `overflow_field` is the field of the final "N more" violation.
  explicit ViolationList(std::string overflow_field,
                         size_t byte_budget = kDefaultViolationBytes);

  // Add records that `field` is bad, `description` saying why and what is
  // allowed. Kept if it fits in the budget (and nothing was dropped before),
  // counted otherwise.
  void Add(std::string field, std::string description);

  // empty reports whether no violation was added.
  bool empty() const { return kept_ == 0 && dropped_ == 0; }

  // Finish returns the BadRequest: the kept violations in the order added,
  // then the "N more" violation if any were dropped. Empty when none.
  google::rpc::BadRequest Finish() &&;

 private:
  google::rpc::BadRequest bad_request_;
  std::string overflow_field_;
  size_t byte_budget_;
  size_t bytes_ = 0;
  size_t kept_ = 0;
  size_t dropped_ = 0;
};

// Shown quotes user text for a description: in double quotes, C-escaped
// (non-ASCII and control bytes as \xNN), cut after 40 bytes with "...".
std::string Shown(absl::string_view text);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_VIOLATIONS_H_
