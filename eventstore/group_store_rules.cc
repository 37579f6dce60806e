#include "eventstore/group_store_rules.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace chancery::eventstore {

absl::Status NoSuchGroup(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat("no subscription group is named \"", name, "\""));
}

std::vector<ParkedEvent> ChooseParked(const std::vector<ParkedEvent>& parked,
                                      const std::vector<uint64_t>& positions) {
  if (positions.empty()) return parked;
  const absl::flat_hash_set<uint64_t> wanted(positions.begin(), positions.end());
  std::vector<ParkedEvent> chosen;
  for (const ParkedEvent& event : parked) {
    if (wanted.contains(event.position)) chosen.push_back(event);
  }
  return chosen;
}

}  // namespace chancery::eventstore
