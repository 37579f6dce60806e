#include "services/server/change_filter_validation.h"

#include "absl/strings/str_cat.h"
#include "services/domain/streams.h"
#include "services/server/log_filter_validation.h"
#include "services/server/request_checks.h"

namespace chancery::server {

ChangeFilter ValidateChangeFilter(const google::protobuf::RepeatedPtrField<std::string>& dyads,
                                  const google::protobuf::RepeatedPtrField<std::string>& actor_codes,
                                  absl::string_view prefix, domain::Violations& bad_request) {
  ChangeFilter filter;
  if (dyads.size() > kMaxFilterEntries) {
    bad_request.Add(absl::StrCat(prefix, "dyads"),
                    absl::StrCat(dyads.size(), " dyads; at most ", kMaxFilterEntries));
  }
  if (actor_codes.size() > kMaxFilterEntries) {
    bad_request.Add(absl::StrCat(prefix, "actor_codes"),
                    absl::StrCat(actor_codes.size(), " codes; at most ", kMaxFilterEntries));
  }
  for (int i = 0; i < dyads.size(); ++i) {
    absl::StatusOr<domain::StreamName> dyad = domain::StreamName::ParseDyad(dyads[i]);
    if (dyad.ok()) {
      filter.dyads.insert(dyad->str());
    } else {
      bad_request.Add(absl::StrCat(prefix, "dyads[", i, "]"), std::string(dyad.status().message()));
    }
  }
  for (int i = 0; i < actor_codes.size(); ++i) {
    CheckActorCode(actor_codes[i], absl::StrCat(prefix, "actor_codes[", i, "]"), bad_request);
    filter.actor_codes.insert(actor_codes[i]);
  }
  return filter;
}

}  // namespace chancery::server
