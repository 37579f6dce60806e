// ValidateChangeFilter: checks which relationship changes a watch or a
// subscription group asks for, and puts the lists in canonical form.

#ifndef CHANCERY_SERVICES_SERVER_CHANGE_FILTER_VALIDATION_H_
#define CHANCERY_SERVICES_SERVER_CHANGE_FILTER_VALIDATION_H_

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "services/domain/violations.h"

namespace chancery::server {

// The canonical dyads ("KHM-USA") and actor codes a change must match; an
// empty set matches everything.
struct ChangeFilter {
  absl::flat_hash_set<std::string> dyads;
  absl::flat_hash_set<std::string> actor_codes;
};

// ValidateChangeFilter adds one violation per bad entry to `bad_request`,
// named from `prefix` ("" or "group.change_filter."): a dyad that is not two
// known actor codes, an unknown actor code, or more than kMaxFilterEntries
// of either.
ChangeFilter ValidateChangeFilter(const google::protobuf::RepeatedPtrField<std::string>& dyads,
                                  const google::protobuf::RepeatedPtrField<std::string>& actor_codes,
                                  absl::string_view prefix, domain::Violations& bad_request);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_CHANGE_FILTER_VALIDATION_H_
