#include "eventstore/append.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace chancery::eventstore {
namespace {

// The status payload key under which a conflict stores the current revision.
constexpr char kCurrentRevisionUrl[] = "type.chancery.dev/eventstore.CurrentRevision";
// The status payload key under which a conflict stores the stream's name.
constexpr char kConflictStreamUrl[] = "type.chancery.dev/eventstore.ConflictStream";
// The status payload key under which an id reuse stores the event id.
constexpr char kReusedEventIdUrl[] = "type.chancery.dev/eventstore.ReusedEventId";

// PayloadOf returns the payload at `url` of a `status` with `code`, if any.
std::optional<std::string> PayloadOf(const absl::Status& status, absl::StatusCode code,
                                     absl::string_view url) {
  if (status.code() != code) return std::nullopt;
  absl::optional<absl::Cord> payload = status.GetPayload(url);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

std::string Describe(int64_t revision) {
  return revision == kNoStreamRevision ? "no stream" : absl::StrCat("revision ", revision);
}

}  // namespace

absl::Status ValidateAppendRequest(const AppendRequest& request) {
  if (request.streams.empty()) return absl::InvalidArgumentError("streams is empty");
  for (size_t s = 0; s < request.streams.size(); ++s) {
    const StreamAppend& part = request.streams[s];
    if (part.stream.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("streams[", s, "].stream is empty"));
    }
    if (part.events.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("streams[", s, "].events is empty"));
    }
    for (size_t e = 0; e < part.events.size(); ++e) {
      const EventData& event = part.events[e];
      if (event.event_id.empty() || event.event_type.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("streams[", s, "].events[", e, "].",
                         event.event_id.empty() ? "event_id" : "event_type", " is empty"));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status RevisionConflictError(const std::string& stream, ExpectedRevision expected,
                                   int64_t current_revision) {
  absl::Status status = absl::AbortedError(
      absl::StrCat("stream \"", stream, "\" is at ", Describe(current_revision),
                   ", but the append expected ", Describe(expected.revision()),
                   "; re-read the stream and retry"));
  status.SetPayload(kCurrentRevisionUrl, absl::Cord(absl::StrCat(current_revision)));
  status.SetPayload(kConflictStreamUrl, absl::Cord(stream));
  return status;
}

std::optional<std::string> ConflictStream(const absl::Status& status) {
  return PayloadOf(status, absl::StatusCode::kAborted, kConflictStreamUrl);
}

std::optional<int64_t> ConflictCurrentRevision(const absl::Status& status) {
  std::optional<std::string> payload =
      PayloadOf(status, absl::StatusCode::kAborted, kCurrentRevisionUrl);
  int64_t revision = 0;
  if (!payload || !absl::SimpleAtoi(*payload, &revision)) return std::nullopt;
  return revision;
}

absl::Status AppendDeadlineExceededError() {
  return absl::DeadlineExceededError(
      "the call's deadline passed while its append waited for the writer; nothing of it was "
      "recorded (a call that sets no deadline gets chanceryd's --call-deadline)");
}

absl::Status EventIdReusedError(const std::string& event_id, uint64_t stored_position) {
  absl::Status status = absl::AlreadyExistsError(absl::StrCat(
      "event id ", event_id, " is already stored at position ", stored_position,
      " with different content; a retry must resend the same event, a new event needs a new id"));
  status.SetPayload(kReusedEventIdUrl, absl::Cord(event_id));
  return status;
}

std::optional<std::string> ReusedEventId(const absl::Status& status) {
  return PayloadOf(status, absl::StatusCode::kAlreadyExists, kReusedEventIdUrl);
}

}  // namespace chancery::eventstore
