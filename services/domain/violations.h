// What is wrong with a request: one violation per bad field.
//
// The domain's own error type for invalid input. The server turns it into a
// google.rpc.BadRequest at its one error boundary (services/server/rpc_status.h),
// which also decides how many violations fit in an answer; the domain
// reports them all.

#ifndef CHANCERY_SERVICES_DOMAIN_VIOLATIONS_H_
#define CHANCERY_SERVICES_DOMAIN_VIOLATIONS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace chancery::domain {

// One bad field: its path from the request ("events[3].cameo_code") and a
// description that says what is wrong and what is allowed.
struct FieldViolation {
  std::string field;
  std::string description;
};

class Violations {
 public:
  // `scope` is the field every violation lies under ("events", "events[3]",
  // or "request" for the request as a whole): where a reader that shows only
  // some of them says how many more there are.
  explicit Violations(std::string scope = "request") : scope_(std::move(scope)) {}

  // Add records that `field` is bad, `description` saying why and what is
  // allowed.
  void Add(std::string field, std::string description) {
    field_violations_.push_back({std::move(field), std::move(description)});
  }

  bool empty() const { return field_violations_.empty(); }
  size_t size() const { return field_violations_.size(); }
  // In the order they were added.
  const std::vector<FieldViolation>& field_violations() const { return field_violations_; }
  const std::string& scope() const { return scope_; }

 private:
  std::string scope_;
  std::vector<FieldViolation> field_violations_;
};

// Shown quotes user text for a description: in double quotes, C-escaped
// (non-ASCII and control bytes as \xNN), cut after 40 bytes with "...".
std::string Shown(absl::string_view text);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_VIOLATIONS_H_
