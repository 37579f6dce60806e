#include "eventstore/durability.h"

#include "absl/strings/str_cat.h"

namespace chancery::eventstore {

absl::StatusOr<Durability> ParseDurability(absl::string_view text) {
  if (text == "full") return Durability::kFull;
  if (text == "normal") return Durability::kNormal;
  return absl::InvalidArgumentError(
      absl::StrCat("durability \"", text, "\" is not one of: full, normal"));
}

}  // namespace chancery::eventstore
