#include "services/domain/event_validator.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/domain/event_checker.h"
#include "services/domain/streams.h"
#include "services/domain/text.h"
#include "services/domain/uuid.h"
#include "services/domain/violations.h"

namespace chancery::domain {
namespace {

constexpr size_t kMaxCausationIdChars = 128;

// CheckCausationId checks a correlation or causation id named `field`: an
// id other services pass on and log, so short and printable.
void CheckCausationId(absl::string_view id, absl::string_view field, Violations& violations) {
  if (id.size() > kMaxCausationIdChars) {
    violations.Add(std::string(field),
                   absl::StrCat("is ", id.size(), " characters long; at most ",
                                kMaxCausationIdChars, " visible ASCII characters are allowed"));
  } else if (!std::all_of(id.begin(), id.end(), [](char c) {
               return absl::ascii_isgraph(static_cast<unsigned char>(c));
             })) {
    violations.Add(std::string(field),
                   absl::StrCat(Shown(id), " has a space, a control or a non-ASCII character; use "
                                "up to ", kMaxCausationIdChars, " visible ASCII characters"));
  }
}

// CheckCausationIds checks the correlation and causation ids of a write request.
template <typename Request>
void CheckCausationIds(const Request& request, Violations& violations) {
  CheckCausationId(request.correlation_id(), "correlation_id", violations);
  CheckCausationId(request.causation_id(), "causation_id", violations);
}

// CheckExpectedRevision checks one ExpectedRevision, adding violations
// under `path`.
void CheckExpectedRevision(const v1::ExpectedRevision& expected, const std::string& path,
                           Violations& violations) {
  switch (expected.condition_case()) {
    case v1::ExpectedRevision::kExact:
      if (expected.exact() < 0) {
        violations.Add(
            absl::StrCat(path, ".exact"),
            absl::StrCat(expected.exact(),
                         " is not a revision; exact must be 0 or more (a stream's first record "
                         "has revision 0); for a stream with no records use no_stream: true"));
      }
      return;
    case v1::ExpectedRevision::kNoStream:
      if (!expected.no_stream()) {
        violations.Add(absl::StrCat(path, ".no_stream"),
                       "must be true when set; to expect a revision, set exact instead");
      }
      return;
    case v1::ExpectedRevision::CONDITION_NOT_SET:
      violations.Add(path,
                     "set exactly one of exact (the stream's current revision, 0 or more) or "
                     "no_stream: true");
      return;
  }
}
std::string NormalizedBytes(const v1::DiplomaticEvent& event, const CameoCodebook& codebook) {
  v1::DiplomaticEvent copy = event;
  NormalizeEvent(copy, codebook);
  return DeterministicBytes(copy);
}

void CheckExpectedRevisions(const v1::RecordEventsRequest& request,
                            const absl::flat_hash_set<std::string>& streams,
                            bool all_streams_known, const ActorRegistry& registry,
                            Violations& violations) {
  std::vector<std::string> keys;
  for (const auto& entry : request.expected_revisions()) keys.push_back(entry.first);
  std::sort(keys.begin(), keys.end());
  std::vector<std::string> stream_list(streams.begin(), streams.end());
  std::sort(stream_list.begin(), stream_list.end());

  for (const std::string& key : keys) {
    constexpr size_t kMaxKeyShown = 40;
    const std::string path = absl::StrCat(
        "expected_revisions[", absl::CHexEscape(absl::string_view(key).substr(0, kMaxKeyShown)),
        key.size() > kMaxKeyShown ? "...]" : "]");
    if (!StreamName::FromCanonical(key)) {
      absl::StatusOr<StreamName> canonical = StreamName::Parse(key, registry);
      if (canonical.ok()) {
        violations.Add(path,
                       absl::StrCat(Shown(key), " is not a canonical stream name; use ",
                                    canonical->view(),
                                    " (codes in alphabetical order, upper-case)"));
      } else {
        violations.Add(path,
                       absl::StrCat(Shown(key),
                                    " is not a stream name; use two actor codes in alphabetical "
                                    "order joined by '-' (KHM-USA), or one code for a domestic "
                                    "stream (KHM)"));
      }
    } else if (!StreamName::Parse(key, registry).ok()) {
      violations.Add(path,
                     absl::StrCat(key, " names an unknown actor code; no event can go to it"));
    } else if (all_streams_known && !streams.contains(key)) {
      violations.Add(path, absl::StrCat("no event of this request goes to stream ", key,
                                        "; its streams are ", absl::StrJoin(stream_list, ", ")));
    }
    CheckExpectedRevision(request.expected_revisions().at(key), path, violations);
  }
}

// How the request checks see events and observations alike.
const std::string& IdOf(const v1::DiplomaticEvent& event) { return event.event_id(); }
const std::string& IdOf(const v1::RepresentationObservation& o) { return o.observation_id(); }
const char* IdField(const v1::DiplomaticEvent&) { return "event_id"; }
const char* IdField(const v1::RepresentationObservation&) { return "observation_id"; }
void CheckOne(const v1::DiplomaticEvent& event, absl::string_view prefix, absl::Time now,
              const DomainTables& tables, Violations& violations) {
  CheckEvent(event, prefix, now, tables, violations);
}
void CheckOne(const v1::RepresentationObservation& observation, absl::string_view prefix,
              absl::Time now, const DomainTables& tables, Violations& violations) {
  CheckObservation(observation, prefix, now, tables, violations);
}
bool CodesKnown(const v1::DiplomaticEvent& event, const ActorRegistry& registry) {
  return registry.FindActor(event.source().code()) != nullptr &&
         registry.FindActor(event.target().code()) != nullptr;
}
bool CodesKnown(const v1::RepresentationObservation& observation, const ActorRegistry& registry) {
  return registry.FindActor(observation.a_code()) != nullptr &&
         registry.FindActor(observation.b_code()) != nullptr;
}
std::string NormalizedBytes(v1::RepresentationObservation observation, const CameoCodebook&) {
  NormalizeObservation(observation);
  return DeterministicBytes(observation);
}

// CheckItems checks the records of a request (`field`: "events" or
// "observations") by the rules of event_validator.h, adding what concerns
// the request as a whole to `request_violations` and what concerns record i
// to `item_violations(i)`; `streams` gets the streams of the records whose
// codes are known, and `all_streams_known` whether every record's are.
template <typename Item>
void CheckItems(const google::protobuf::RepeatedPtrField<Item>& items, absl::string_view field,
                absl::Time now, const DomainTables& tables, Violations& request_violations,
                absl::FunctionRef<Violations&(int)> item_violations,
                absl::flat_hash_set<std::string>& streams, bool& all_streams_known) {
  const size_t count = static_cast<size_t>(items.size());
  if (count == 0) {
    request_violations.Add(std::string(field),
                           absl::StrCat("no ", field, "; give 1 to ",
                                        WithThousands(kMaxEventsPerRequest), " ", field));
  } else if (count > kMaxEventsPerRequest) {
    request_violations.Add(std::string(field),
                           absl::StrCat(WithThousands(count), " ", field, "; at most ",
                                        WithThousands(kMaxEventsPerRequest),
                                        " are allowed per request: split it"));
  }
  absl::flat_hash_map<std::string, int> first_with_id;  // Lower-case id -> first index.
  all_streams_known = true;
  for (int i = 0; i < items.size(); ++i) {
    const Item& item = items[i];
    const std::string prefix = absl::StrCat(field, "[", i, "].");
    CheckOne(item, prefix, now, tables, item_violations(i));
    if (IsUuid(IdOf(item))) {
      auto [first, inserted] = first_with_id.emplace(absl::AsciiStrToLower(IdOf(item)), i);
      if (!inserted && NormalizedBytes(items[first->second], *tables.codebook) !=
                           NormalizedBytes(item, *tables.codebook)) {
        item_violations(i).Add(
            absl::StrCat(prefix, IdField(item)),
            absl::StrCat(field, "[", first->second, "] has the same ", IdField(item),
                         " and other content; two may share an id only if they are identical: "
                         "give this one a new id"));
      }
    }
    if (CodesKnown(item, *tables.registry)) {
      streams.insert(StreamOf(item).str());
    } else {
      all_streams_known = false;
    }
  }
}

// CheckRequest checks a RecordEventsRequest: its events, then its expected
// revisions.
void CheckRequest(const v1::RecordEventsRequest& request, absl::Time now,
                  const DomainTables& tables, Violations& request_violations,
                  absl::FunctionRef<Violations&(int)> event_violations) {
  absl::flat_hash_set<std::string> streams;
  bool all_streams_known = true;
  CheckItems(request.events(), "events", now, tables, request_violations, event_violations,
             streams, all_streams_known);
  CheckExpectedRevisions(request, streams, all_streams_known, *tables.registry,
                         request_violations);
  CheckCausationIds(request, request_violations);
}
void CheckRequest(const v1::RecordObservationsRequest& request, absl::Time now,
                  const DomainTables& tables, Violations& request_violations,
                  absl::FunctionRef<Violations&(int)> observation_violations) {
  absl::flat_hash_set<std::string> streams;
  bool all_streams_known = true;
  CheckItems(request.observations(), "observations", now, tables, request_violations,
             observation_violations, streams, all_streams_known);
  CheckCausationIds(request, request_violations);
}

// Validate and ValidateEach for either request.
template <typename Request>
Violations Validate(const Request& request, absl::string_view field, absl::Time now,
                                 const DomainTables& tables) {
  Violations violations(std::string{field});
  CheckRequest(request, now, tables, violations,
               [&violations](int) -> Violations& { return violations; });
  return violations;
}

template <typename Request>
RecordViolations ValidateEach(const Request& request, int count, absl::string_view field,
                              absl::Time now, const DomainTables& tables) {
  Violations request_violations(std::string{field});
  std::vector<Violations> item_violations;
  item_violations.reserve(count);
  for (int i = 0; i < count; ++i) item_violations.emplace_back(absl::StrCat(field, "[", i, "]"));
  CheckRequest(request, now, tables, request_violations,
               [&item_violations](int i) -> Violations& { return item_violations[i]; });
  return {std::move(request_violations), std::move(item_violations)};
}

}  // namespace

Violations ValidateRecordEvents(const v1::RecordEventsRequest& request,
                                             absl::Time now, const DomainTables& tables) {
  return Validate(request, "events", now, tables);
}

RecordViolations ValidateEachRecordEvent(const v1::RecordEventsRequest& request, absl::Time now,
                                         const DomainTables& tables) {
  return ValidateEach(request, request.events_size(), "events", now, tables);
}

Violations ValidateRecordObservations(const v1::RecordObservationsRequest& request,
                                                   absl::Time now, const DomainTables& tables) {
  return Validate(request, "observations", now, tables);
}

RecordViolations ValidateEachRecordObservation(const v1::RecordObservationsRequest& request,
                                               absl::Time now, const DomainTables& tables) {
  return ValidateEach(request, request.observations_size(), "observations", now, tables);
}

Violations ValidateEvent(const v1::DiplomaticEvent& event, absl::Time now,
                                      const DomainTables& tables) {
  Violations violations("event");
  CheckEvent(event, "", now, tables, violations);
  return violations;
}

Violations ValidateRetractEvent(const v1::RetractEventRequest& request) {
  Violations violations("request");
  if (request.event_id().empty()) {
    violations.Add("event_id", "required: the event_id of the recorded event to retract");
  } else if (!IsUuid(request.event_id())) {
    violations.Add("event_id",
                   absl::StrCat(Shown(request.event_id()),
                                " is not a UUID; give the event_id of the recorded event to "
                                "retract, 8-4-4-4-12 hex digits"));
  }
  if (request.reason().empty()) {
    violations.Add("reason", absl::StrCat("required: why the event is withdrawn, 1 to ",
                                          WithThousands(kMaxReasonChars), " characters"));
  } else if (absl::Status status = CheckText(request.reason(), kMaxReasonChars); !status.ok()) {
    violations.Add("reason", absl::StrCat("reason ", status.message()));
  }
  if (request.has_expected_revision()) {
    CheckExpectedRevision(request.expected_revision(), "expected_revision", violations);
  }
  CheckCausationIds(request, violations);
  return violations;
}

}  // namespace chancery::domain
