#include "services/server/record_events.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "chancery/v1/concurrency.pb.h"
#include "services/domain/event_normalizer.h"
#include "services/domain/streams.h"
#include "services/server/log_record_codec.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

int64_t ValidTimeMicros(const google::type::Date& date) {
  absl::Time midnight =
      absl::FromCivil(absl::CivilDay(date.year(), date.month(), date.day()), absl::UTCTimeZone());
  return absl::ToUnixMicros(midnight);
}

}  // namespace

PlannedAppend PlanAppend(const v1::RecordEventsRequest& request) {
  PlannedAppend plan;
  absl::flat_hash_set<std::string> streams_with_expectation;
  for (const v1::DiplomaticEvent& original : request.events()) {
    v1::DiplomaticEvent event = original;
    domain::NormalizeEvent(event);
    std::string stream = domain::StreamOf(event);
    std::vector<eventstore::StreamAppend>& parts = plan.request.streams;
    if (parts.empty() || parts.back().stream != stream) {
      eventstore::ExpectedRevision expected = eventstore::ExpectedRevision::Any();
      auto entry = request.expected_revisions().find(stream);
      if (entry != request.expected_revisions().end() &&
          streams_with_expectation.insert(stream).second) {
        expected = ToStoreExpectedRevision(entry->second);
      }
      parts.push_back({stream, expected, {}});
    }
    parts.back().events.push_back({event.event_id(), kDiplomaticEventType,
                                   domain::DeterministicBytes(event),
                                   ValidTimeMicros(event.occur_date())});
    plan.event_ids.push_back(event.event_id());
    plan.streams.push_back(std::move(stream));
  }
  return plan;
}

void ToResponse(const PlannedAppend& plan, const eventstore::AppendResult& result,
                v1::RecordEventsResponse& response) {
  for (size_t i = 0; i < result.events.size(); ++i) {
    v1::RecordResult* out = response.add_results();
    out->set_event_id(plan.event_ids[i]);
    out->set_stream(plan.streams[i]);
    out->set_position(result.events[i].position);
    out->set_revision(result.events[i].revision);
    out->set_duplicate(result.events[i].duplicate);
  }
}

std::optional<grpc::Status> RevisionConflictStatus(const absl::Status& status,
                                                   const v1::ExpectedRevision* expected) {
  std::optional<int64_t> current = eventstore::ConflictCurrentRevision(status);
  if (!current) return std::nullopt;
  v1::RevisionConflict conflict;
  conflict.set_stream(eventstore::ConflictStream(status).value_or(""));
  if (expected != nullptr) *conflict.mutable_expected_revision() = *expected;
  conflict.set_current_revision(*current);
  return RpcStatusWithDetail(grpc::StatusCode::ABORTED, std::string(status.message()), conflict);
}

grpc::Status AppendError(const PlannedAppend& plan, const v1::RecordEventsRequest& request,
                         const absl::Status& status) {
  if (std::optional<std::string> stream = eventstore::ConflictStream(status)) {
    auto expected = request.expected_revisions().find(*stream);
    std::optional<grpc::Status> conflict = RevisionConflictStatus(
        status, expected == request.expected_revisions().end() ? nullptr : &expected->second);
    if (conflict) return *conflict;
  }
  if (std::optional<std::string> reused = eventstore::ReusedEventId(status)) {
    google::rpc::BadRequest bad_request;
    for (size_t i = 0; i < plan.event_ids.size(); ++i) {
      if (plan.event_ids[i] != *reused) continue;
      AddViolation(bad_request, absl::StrCat("events[", i, "].event_id"),
                   std::string(status.message()));
    }
    return RpcStatusWithDetail(grpc::StatusCode::ALREADY_EXISTS, std::string(status.message()),
                               bad_request);
  }
  return RpcStatus(status);
}

eventstore::ExpectedRevision ToStoreExpectedRevision(const v1::ExpectedRevision& expected) {
  switch (expected.condition_case()) {
    case v1::ExpectedRevision::kExact:
      return eventstore::ExpectedRevision::Exactly(expected.exact());
    case v1::ExpectedRevision::kNoStream:
      return eventstore::ExpectedRevision::NoStream();
    default:
      return eventstore::ExpectedRevision::Any();
  }
}

}  // namespace chancery::server
