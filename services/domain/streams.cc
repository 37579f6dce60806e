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

absl::StatusOr<StreamName> Parse(absl::string_view text, const ActorRegistry& registry,
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
  return StreamName::Of(codes[0], codes.back());
}

}  // namespace

StreamName::StreamName(absl::string_view name)
    : size_(static_cast<uint8_t>(name.copy(chars_.data(), chars_.size()))) {}

StreamName StreamName::Of(absl::string_view source_code, absl::string_view target_code) {
  if (source_code == target_code) return StreamName(source_code);
  if (target_code < source_code) std::swap(source_code, target_code);
  char name[kDyadSize];
  source_code.copy(name, kCodeSize);
  name[kCodeSize] = '-';
  target_code.copy(name + kCodeSize + 1, kCodeSize);
  return StreamName(absl::string_view(name, kDyadSize));
}

std::optional<StreamName> StreamName::FromCanonical(absl::string_view name) {
  const bool canonical =
      name.size() == kCodeSize
          ? IsActorCodeShape(name)
          : name.size() == kDyadSize && name[kCodeSize] == '-' &&
                IsActorCodeShape(name.substr(0, kCodeSize)) &&
                IsActorCodeShape(name.substr(kCodeSize + 1)) &&
                name.substr(0, kCodeSize) < name.substr(kCodeSize + 1);
  if (!canonical) return std::nullopt;
  return StreamName(name);
}

absl::StatusOr<StreamName> StreamName::Parse(absl::string_view text,
                                             const ActorRegistry& registry) {
  return domain::Parse(text, registry, /*dyad_only=*/false);
}

absl::StatusOr<StreamName> StreamName::ParseDyad(absl::string_view text,
                                                 const ActorRegistry& registry) {
  return domain::Parse(text, registry, /*dyad_only=*/true);
}

StreamName StreamOf(const v1::DiplomaticEvent& event) {
  return StreamName::Of(event.source().code(), event.target().code());
}

StreamName StreamOf(const v1::RepresentationObservation& observation) {
  return StreamName::Of(observation.a_code(), observation.b_code());
}

}  // namespace chancery::domain
