#include "services/server/request_checks.h"

#include "absl/strings/str_cat.h"
#include "services/domain/actor_codes.h"

namespace chancery::server {
namespace {

constexpr int32_t kDefaultPageSize = 100;
constexpr int32_t kMaxPageSize = 1000;

}  // namespace

int32_t CheckPageSize(int32_t page_size, domain::Violations& bad_request) {
  if (page_size == 0) return kDefaultPageSize;
  if (page_size < 0 || page_size > kMaxPageSize) {
    bad_request.Add("page_size",
                 absl::StrCat(page_size, " is out of range: use 1 to ", kMaxPageSize, ", or 0 for ",
                              kDefaultPageSize));
  }
  return page_size;
}

void CheckActorCode(const std::string& code, const std::string& field,
                    domain::Violations& bad_request) {
  if (domain::ActorRegistry::Default().FindActor(code) == nullptr) {
    bad_request.Add(field,
                 absl::StrCat("\"", code, "\" is not a known actor code; use ",
                              domain::kActorCodesAllowed));
  }
}

void CheckCursor(const std::vector<int64_t>& cursor, const std::vector<CursorRange>& ranges,
                 domain::Violations& bad_request) {
  for (size_t i = 0; i < cursor.size() && i < ranges.size(); ++i) {
    if (cursor[i] < ranges[i].min || cursor[i] > ranges[i].max) {
      bad_request.Add("page_token",
                   "page_token holds a value this read does not accept; start again without a "
                   "token");
      return;
    }
  }
}

grpc::Status CheckStreamStart(uint64_t after_position, eventstore::EventStore& store) {
  absl::StatusOr<uint64_t> head = store.HeadPosition();
  if (!head.ok()) return RpcStatus(head.status());
  if (after_position > *head) {
    return RpcStatus(absl::OutOfRangeError(absl::StrCat("after_position ", after_position,
                                                        " is past the head of the log (", *head,
                                                        "); this server has not recorded it")));
  }
  return grpc::Status::OK;
}

}  // namespace chancery::server
