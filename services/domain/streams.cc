#include "services/domain/streams.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/domain/violations.h"

namespace chancery::domain {
namespace {

absl::StatusOr<std::string> Parse(absl::string_view text, const ActorRegistry& registry,
                                  bool dyad_only) {
  const absl::string_view kind = dyad_only ? "dyad" : "stream name";
  const absl::string_view expected =
      dyad_only ? "give two different actor codes joined by '-' in either order "
                  "(KHM-USA or USA-KHM)"
                : "give one actor code (KHM) or two different codes joined by '-' in either "
                  "order (KHM-USA or USA-KHM)";
  const std::vector<std::string> codes =
      absl::StrSplit(absl::AsciiStrToUpper(text), absl::MaxSplits('-', 2));
  if (codes.size() > 2 || (dyad_only && codes.size() != 2)) {
    return absl::InvalidArgumentError(
        absl::StrCat(Shown(text), " is not a ", kind, "; ", expected));
  }
  for (const std::string& code : codes) {
    if (!IsActorCodeShape(code)) {
      return absl::InvalidArgumentError(absl::StrCat(Shown(text), " is not a ", kind, ": ",
                                                     Shown(code), " is not three letters; ",
                                                     expected));
    }
    if (registry.FindActor(code) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(Shown(text), " is not a ", kind, ": ", code,
                                                     " is not a known actor code; use ",
                                                     kActorCodesAllowed));
    }
  }
  if (codes.size() == 2 && codes[0] == codes[1]) {
    return absl::InvalidArgumentError(
        absl::StrCat(Shown(text), " names ", codes[0], " twice; ",
                     dyad_only ? "a dyad is two different codes"
                               : absl::StrCat("its domestic stream is ", codes[0])));
  }
  return codes.size() == 1 ? codes[0] : StreamName(codes[0], codes[1]);
}

}  // namespace

std::string StreamName(absl::string_view source_code, absl::string_view target_code) {
  if (source_code == target_code) return std::string(source_code);
  if (target_code < source_code) std::swap(source_code, target_code);
  return absl::StrCat(source_code, "-", target_code);
}

std::string StreamOf(const v1::DiplomaticEvent& event) {
  return StreamName(event.source().code(), event.target().code());
}

std::string StreamOf(const v1::RepresentationObservation& observation) {
  return StreamName(observation.a_code(), observation.b_code());
}

bool IsCanonicalStreamName(absl::string_view name) {
  if (name.size() == 3) return IsActorCodeShape(name);
  return name.size() == 7 && name[3] == '-' && IsActorCodeShape(name.substr(0, 3)) &&
         IsActorCodeShape(name.substr(4)) && name.substr(0, 3) < name.substr(4);
}

absl::StatusOr<std::string> ParseStreamName(absl::string_view text,
                                            const ActorRegistry& registry) {
  return Parse(text, registry, /*dyad_only=*/false);
}

absl::StatusOr<std::string> ParseDyad(absl::string_view text, const ActorRegistry& registry) {
  return Parse(text, registry, /*dyad_only=*/true);
}

}  // namespace chancery::domain
