#include "services/domain/violations.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/domain/text.h"

namespace chancery::domain {

ViolationList::ViolationList(std::string overflow_field, size_t byte_budget)
    : overflow_field_(std::move(overflow_field)), byte_budget_(byte_budget) {}

void ViolationList::Add(std::string field, std::string description) {
  // Field tag and length bytes: a few per string, at most ~8 per violation.
  const size_t size = field.size() + description.size() + 8;
  if (dropped_ > 0 || bytes_ + size > byte_budget_) {
    ++dropped_;
    return;
  }
  bytes_ += size;
  ++kept_;
  google::rpc::BadRequest::FieldViolation* violation = bad_request_.add_field_violations();
  violation->set_field(std::move(field));
  violation->set_description(std::move(description));
}

google::rpc::BadRequest ViolationList::Finish() && {
  if (dropped_ > 0) {
    google::rpc::BadRequest::FieldViolation* violation = bad_request_.add_field_violations();
    violation->set_field(overflow_field_);
    violation->set_description(absl::StrCat(
        WithThousands(dropped_), " more violation", dropped_ == 1 ? "" : "s",
        " not listed; fix those above and send the request again to see them"));
  }
  return std::move(bad_request_);
}

std::string Shown(absl::string_view text) {
  constexpr size_t kMaxShown = 40;
  if (text.size() <= kMaxShown) return absl::StrCat("\"", absl::CHexEscape(text), "\"");
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, kMaxShown)), "...\"");
}

}  // namespace chancery::domain
