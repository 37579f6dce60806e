#include "services/server/log_filter_validation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/actor_codes.h"
#include "services/domain/streams.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

bool IsCameoPrefix(absl::string_view prefix) {
  if (prefix.empty() || prefix.size() > 4) return false;
  for (char c : prefix) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void CheckLength(int size, absl::string_view path, absl::string_view list,
                 domain::Violations& bad_request) {
  if (size > kMaxFilterEntries) {
    bad_request.Add(absl::StrCat(path, ".", list),
                 absl::StrCat(size, " entries; at most ", kMaxFilterEntries, " are allowed"));
  }
}

}  // namespace

v1::LogFilter ValidateLogFilter(const v1::LogFilter& filter, absl::string_view path,
                                domain::Violations& bad_request) {
  v1::LogFilter canonical;
  CheckLength(filter.streams_size(), path, "streams", bad_request);
  CheckLength(filter.actor_codes_size(), path, "actor_codes", bad_request);
  CheckLength(filter.cameo_code_prefixes_size(), path, "cameo_code_prefixes", bad_request);
  for (int i = 0; i < filter.streams_size(); ++i) {
    absl::StatusOr<domain::StreamName> stream = domain::StreamName::Parse(filter.streams(i));
    if (stream.ok()) {
      canonical.add_streams(stream->str());
    } else {
      bad_request.Add(absl::StrCat(path, ".streams[", i, "]"),
                   std::string(stream.status().message()));
    }
  }
  for (int i = 0; i < filter.actor_codes_size(); ++i) {
    const std::string& code = filter.actor_codes(i);
    if (domain::ActorRegistry::Default().FindActor(code) == nullptr) {
      bad_request.Add(absl::StrCat(path, ".actor_codes[", i, "]"),
                   absl::StrCat("\"", code, "\" is not a known actor code; use ",
                                domain::kActorCodesAllowed));
    }
    canonical.add_actor_codes(code);
  }
  for (int i = 0; i < filter.cameo_code_prefixes_size(); ++i) {
    const std::string& prefix = filter.cameo_code_prefixes(i);
    if (!IsCameoPrefix(prefix)) {
      bad_request.Add(absl::StrCat(path, ".cameo_code_prefixes[", i, "]"),
                   absl::StrCat("\"", prefix, "\" is not 1 to 4 digits, such as 19 or 036"));
    }
    canonical.add_cameo_code_prefixes(prefix);
  }
  return canonical;
}

}  // namespace chancery::server
