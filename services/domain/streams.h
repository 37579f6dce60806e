// Stream names: which stream of the log an event belongs to.
//
// An event between two different actor codes belongs to their dyad stream,
// named by the two codes in alphabetical order joined by '-' ("KHM-USA",
// whichever is source or target). An event whose actors share one code (a
// government against its own opposition) is domestic and belongs to that
// code's stream ("KHM"). Roles never affect the stream.
//
// Example:
//   StreamName("USA", "KHM");      // "KHM-USA"
//   StreamName("KHM", "KHM");      // "KHM"
//   ParseStreamName("usa-khm");    // "KHM-USA"
//   ParseDyad("KHM");              // INVALID_ARGUMENT: a dyad needs two codes

#ifndef CHANCERY_SERVICES_DOMAIN_STREAMS_H_
#define CHANCERY_SERVICES_DOMAIN_STREAMS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"
#include "chancery/v1/observation.pb.h"
#include "services/domain/actor_codes.h"

namespace chancery::domain {

// StreamName returns the stream of an event whose actors have these codes:
// "A-B" with the codes in ascending byte order, or the code alone when both
// are equal. The codes are used as given; validate them first.
std::string StreamName(absl::string_view source_code, absl::string_view target_code);

// StreamOf returns StreamName(event.source().code(), event.target().code()).
std::string StreamOf(const v1::DiplomaticEvent& event);
// StreamOf returns StreamName(observation.a_code(), observation.b_code()).
std::string StreamOf(const v1::RepresentationObservation& observation);

// IsCanonicalStreamName reports whether `name` is a stream name exactly as
// StreamName writes it from two codes of three upper-case letters: "KHM" or
// "KHM-USA", not "USA-KHM", "khm-usa" or "KHM-KHM". It does not check that
// the codes are known. RecordEventsRequest.expected_revisions keys must be
// canonical.
bool IsCanonicalStreamName(absl::string_view name);

// ParseStreamName reads a stream named by a user: one code ("KHM") or two
// different codes joined by '-' in either order ("USA-KHM"), in any ASCII
// case, each a code `registry` knows. Returns the canonical name ("KHM-USA").
// For reads, where either order is fine; writes require canonical names.
// Errors: INVALID_ARGUMENT whose message names the input and says what is
// allowed, for anything else (spaces, other separators, unknown codes, one
// code twice).
absl::StatusOr<std::string> ParseStreamName(
    absl::string_view text, const ActorRegistry& registry = ActorRegistry::Default());

// ParseDyad is ParseStreamName for a pair of actors only: a single code (a
// domestic stream) is INVALID_ARGUMENT too.
absl::StatusOr<std::string> ParseDyad(absl::string_view text,
                                      const ActorRegistry& registry = ActorRegistry::Default());

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_STREAMS_H_
