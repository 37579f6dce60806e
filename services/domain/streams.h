// Stream names: which stream of the log an event belongs to.
//
// An event between two different actor codes belongs to their dyad stream,
// named by the two codes in alphabetical order joined by '-' ("KHM-USA",
// whichever is source or target). An event whose actors share one code (a
// government against its own opposition) is domestic and belongs to that
// code's stream ("KHM"). Roles never affect the stream.
//
// Example:
//   StreamName::Of("USA", "KHM").str();         // "KHM-USA"
//   StreamName::Of("KHM", "KHM").str();         // "KHM"
//   StreamName::Parse("usa-khm")->str();        // "KHM-USA"
//   StreamName::ParseDyad("KHM");               // INVALID_ARGUMENT: a dyad needs two codes
//   StreamName::FromCanonical("KHM-USA")->PartnerOf("USA");  // "KHM"

#ifndef CHANCERY_SERVICES_DOMAIN_STREAMS_H_
#define CHANCERY_SERVICES_DOMAIN_STREAMS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"
#include "services/domain/actor_codes.h"

namespace chancery::domain {

// A canonical stream name, held inline (no allocation): cheap to make from a
// name the store gives back, and to take apart into its codes.
class StreamName {
 public:
  // Of returns the stream of an event whose actors have these codes: "A-B"
  // with the codes in ascending byte order, or the code alone when both are
  // equal. The codes must be actor codes in shape (IsActorCodeShape):
  // validate them first.
  static StreamName Of(absl::string_view source_code, absl::string_view target_code);

  // FromCanonical reads a name exactly as Of writes it from two codes of
  // three upper-case letters ("KHM" or "KHM-USA"; not "USA-KHM", "khm-usa"
  // or "KHM-KHM"); nullopt for anything else. It does not check that the
  // codes are known. RecordEventsRequest.expected_revisions keys must be
  // canonical, and so is every stream the store holds.
  static std::optional<StreamName> FromCanonical(absl::string_view name);

  // Parse reads a stream named by a user: one code ("KHM") or two different
  // codes joined by '-' in either order ("USA-KHM"), in any ASCII case, each
  // a code `registry` knows. For reads, where either order is fine; writes
  // require canonical names. Errors: INVALID_ARGUMENT whose message names the
  // input and says what is allowed, for anything else (spaces, other
  // separators, unknown codes, one code twice).
  static absl::StatusOr<StreamName> Parse(
      absl::string_view text, const ActorRegistry& registry = ActorRegistry::Default());
  // ParseDyad is Parse for a pair of actors only: a single code (a domestic
  // stream) is INVALID_ARGUMENT too.
  static absl::StatusOr<StreamName> ParseDyad(
      absl::string_view text, const ActorRegistry& registry = ActorRegistry::Default());

  // Whether it names a pair of actors, not one actor's domestic stream.
  bool is_dyad() const { return size_ == kDyadSize; }
  // The codes: the first in byte order, and the second (for a domestic
  // stream, the one code both times).
  absl::string_view first() const { return view().substr(0, kCodeSize); }
  absl::string_view second() const { return view().substr(size_ - kCodeSize); }
  bool Involves(absl::string_view code) const { return first() == code || second() == code; }
  // The other code of a dyad that involves `code`.
  absl::string_view PartnerOf(absl::string_view code) const {
    return first() == code ? second() : first();
  }

  absl::string_view view() const { return absl::string_view(chars_.data(), size_); }
  std::string str() const { return std::string(view()); }

  friend bool operator==(const StreamName& a, const StreamName& b) { return a.view() == b.view(); }
  friend bool operator!=(const StreamName& a, const StreamName& b) { return !(a == b); }

 private:
  static constexpr size_t kCodeSize = 3;
  static constexpr size_t kDyadSize = 2 * kCodeSize + 1;

  explicit StreamName(absl::string_view name);

  std::array<char, kDyadSize> chars_{};
  uint8_t size_ = 0;
};

// StreamOf returns StreamName::Of(event.source().code(), event.target().code()).
StreamName StreamOf(const v1::DiplomaticEvent& event);
// StreamOf returns StreamName::Of(observation.a_code(), observation.b_code()).
StreamName StreamOf(const v1::RepresentationObservation& observation);

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_STREAMS_H_
