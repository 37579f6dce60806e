#include "services/domain/violations.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace chancery::domain {

std::string Shown(absl::string_view text) {
  constexpr size_t kMaxShown = 40;
  if (text.size() <= kMaxShown) return absl::StrCat("\"", absl::CHexEscape(text), "\"");
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, kMaxShown)), "...\"");
}

}  // namespace chancery::domain
