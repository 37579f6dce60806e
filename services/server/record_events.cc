#include "services/server/record_events.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "chancery/v1/concurrency.pb.h"
#include "services/domain/day.h"
#include "services/domain/event_normalizer.h"
#include "services/domain/event_validator.h"
#include "services/domain/streams.h"
#include "services/server/log_record_codec.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

PlannedRecord PlanRecord(v1::DiplomaticEvent event) {
  domain::NormalizeEvent(event);
  std::string stream = domain::StreamOf(event).str();
  return {std::move(stream),
          {event.event_id(), kDiplomaticEventType, domain::DeterministicBytes(event),
           domain::Day::FromDate(event.occur_date()).valid_time_us()}};
}

PlannedRecord PlanRecord(v1::RepresentationObservation observation) {
  domain::NormalizeObservation(observation);
  std::string stream = domain::StreamOf(observation).str();
  return {std::move(stream),
          {observation.observation_id(), kObservationType, domain::DeterministicBytes(observation),
           domain::Day::FromDate(observation.observe_date()).valid_time_us()}};
}

namespace {

using ExpectedRevisions = google::protobuf::Map<std::string, v1::ExpectedRevision>;
using Results = google::protobuf::RepeatedPtrField<v1::RecordResult>;

// What differs between recording events and observations.
struct RequestShape {
  const char* field;     // "events".
  const char* id_field;  // "event_id".
  const ExpectedRevisions* expected;  // Null when the request has none.
};

// One call: its planned records, the errors of those refused so far, and
// where the answer goes. Shared by the store's callbacks.
class Recording : public std::enable_shared_from_this<Recording> {
 public:
  Recording(eventstore::EventStore& store, std::vector<PlannedRecord> records, RequestShape shape,
            bool each_on_its_own, absl::Time deadline, Results& results,
            std::function<void(grpc::Status)> done)
      : store_(store),
        records_(std::move(records)),
        deadline_(deadline),
        shape_(shape),
        each_on_its_own_(each_on_its_own),
        results_(results),
        done_(std::move(done)),
        errors_(records_.size()) {}

  void Refuse(size_t index, google::rpc::Status error) { errors_[index] = std::move(error); }

  // Attempt appends the records not refused as one store request and
  // finishes the call, or refuses a reused id and attempts again.
  void Attempt() {
    eventstore::AppendRequest append;
    append.deadline = deadline_;
    std::vector<size_t> appended;  // Record index of each event of `append`, in order.
    absl::flat_hash_set<std::string> streams_with_expectation;
    for (size_t i = 0; i < records_.size(); ++i) {
      if (errors_[i]) continue;
      PlannedRecord& record = records_[i];
      // Consecutive records of one stream share a part, so positions follow request
      // order; a stream's expected revision applies to its first part.
      if (append.streams.empty() || append.streams.back().stream != record.stream) {
        eventstore::ExpectedRevision expected = eventstore::ExpectedRevision::Any();
        if (shape_.expected != nullptr) {
          auto entry = shape_.expected->find(record.stream);
          if (entry != shape_.expected->end() &&
              streams_with_expectation.insert(record.stream).second) {
            expected = ToStoreExpectedRevision(entry->second);
          }
        }
        append.streams.push_back({record.stream, expected, {}});
      }
      // A request recorded atomically is attempted once: its payloads can move.
      append.streams.back().events.push_back(
          {record.data.event_id, record.data.event_type,
           each_on_its_own_ ? record.data.payload : std::move(record.data.payload),
           record.data.valid_time_us, record.data.recorded_by, record.data.correlation_id,
           record.data.causation_id});
      appended.push_back(i);
    }
    if (appended.empty()) {
      Finish(appended, nullptr);
      return;
    }
    store_.AppendAsync(std::move(append), [self = shared_from_this(), appended](
                                              absl::StatusOr<eventstore::AppendResult> result) {
      if (result.ok()) {
        self->Finish(appended, &*result);
      } else {
        self->Failed(appended, result.status());
      }
    });
  }

 private:
  void Failed(const std::vector<size_t>& appended, const absl::Status& status) {
    if (std::optional<std::string> stream = eventstore::ConflictStream(status)) {
      const v1::ExpectedRevision* expected = nullptr;
      if (shape_.expected != nullptr) {
        auto entry = shape_.expected->find(*stream);
        if (entry != shape_.expected->end()) expected = &entry->second;
      }
      if (std::optional<grpc::Status> conflict = RevisionConflictStatus(status, expected)) {
        done_(*conflict);
        return;
      }
    }
    std::optional<std::string> reused = eventstore::ReusedEventId(status);
    if (!reused) {
      done_(RpcStatus(status));
      return;
    }
    // Every record with the reused id, named from the request.
    domain::Violations all(std::string(shape_.field));
    for (size_t i : appended) {
      if (records_[i].data.event_id != *reused) continue;
      domain::Violations one(absl::StrCat(shape_.field, "[", i, "]"));
      const std::string field = absl::StrCat(shape_.field, "[", i, "].", shape_.id_field);
      one.Add(field, std::string(status.message()));
      all.Add(field, std::string(status.message()));
      if (each_on_its_own_) {
        Refuse(i, RichStatusWithDetail(absl::StatusCode::kAlreadyExists,
                                       std::string(status.message()), BadRequestOf(one)));
      }
    }
    if (each_on_its_own_) {
      Attempt();
    } else {
      done_(RpcStatusWithDetail(absl::StatusCode::kAlreadyExists, std::string(status.message()),
                                BadRequestOf(all)));
    }
  }

  // Finish fills the results in request order: the store's `result` for the
  // appended records (`appended[j]` is the index of result->events[j]), the
  // error for the refused ones.
  void Finish(const std::vector<size_t>& appended, const eventstore::AppendResult* result) {
    size_t next = 0;
    for (size_t i = 0; i < records_.size(); ++i) {
      v1::RecordResult* out = results_.Add();
      out->set_event_id(absl::AsciiStrToLower(records_[i].data.event_id));
      if (errors_[i]) {
        *out->mutable_error() = std::move(*errors_[i]);
        continue;
      }
      const eventstore::AppendedEvent& stored = result->events[next++];
      out->set_stream(records_[i].stream);
      out->set_position(stored.position);
      out->set_revision(stored.revision);
      out->set_duplicate(stored.duplicate);
    }
    done_(grpc::Status::OK);
  }

  eventstore::EventStore& store_;
  std::vector<PlannedRecord> records_;  // Payloads moved out by an atomic attempt.
  const absl::Time deadline_;
  const RequestShape shape_;
  const bool each_on_its_own_;
  Results& results_;
  std::function<void(grpc::Status)> done_;
  std::vector<std::optional<google::rpc::Status>> errors_;  // By record index.
};

// Record validates and records the `items` of a request of `shape`.
template <typename Item, typename Request>
void Record(eventstore::EventStore& store, const Request& request,
            const google::protobuf::RepeatedPtrField<Item>& items, RequestShape shape,
            const WriteCall& call, Results& results, std::function<void(grpc::Status)> done,
            domain::Violations (*validate)(const Request&, absl::Time, const domain::DomainTables&),
            domain::RecordViolations (*validate_each)(const Request&, absl::Time,
                                                      const domain::DomainTables&)) {
  std::vector<domain::Violations> refusals;
  if (request.partial_success()) {
    domain::RecordViolations violations = validate_each(request, call.now, domain::DomainTables());
    if (!violations.request.empty()) {
      done(RpcStatus(violations.request));
      return;
    }
    refusals = std::move(violations.items);
  } else if (domain::Violations bad = validate(request, call.now, domain::DomainTables());
             !bad.empty()) {
    done(RpcStatus(bad));
    return;
  }
  std::vector<PlannedRecord> records;
  records.reserve(items.size());
  for (const Item& item : items) {
    records.push_back(PlanRecord(item));
    records.back().data.recorded_by = call.recorded_by;
    SetCausation(request, call, records.back().data);
  }
  auto recording = std::make_shared<Recording>(store, std::move(records), shape,
                                               request.partial_success(), call.deadline, results,
                                               std::move(done));
  for (size_t i = 0; i < refusals.size(); ++i) {
    if (!refusals[i].empty()) recording->Refuse(i, RichStatus(refusals[i]));
  }
  recording->Attempt();
}

}  // namespace

void RecordRequest(eventstore::EventStore& store, const v1::RecordEventsRequest& request,
                   const WriteCall& call, v1::RecordEventsResponse& response,
                   std::function<void(grpc::Status)> done) {
  Record(store, request, request.events(), {"events", "event_id", &request.expected_revisions()},
         call, *response.mutable_results(), std::move(done), &domain::ValidateRecordEvents,
         &domain::ValidateEachRecordEvent);
}

void RecordRequest(eventstore::EventStore& store, const v1::RecordObservationsRequest& request,
                   const WriteCall& call, v1::RecordObservationsResponse& response,
                   std::function<void(grpc::Status)> done) {
  Record(store, request, request.observations(), {"observations", "observation_id", nullptr},
         call, *response.mutable_results(), std::move(done), &domain::ValidateRecordObservations,
         &domain::ValidateEachRecordObservation);
}

std::optional<grpc::Status> RevisionConflictStatus(const absl::Status& status,
                                                   const v1::ExpectedRevision* expected) {
  std::optional<int64_t> current = eventstore::ConflictCurrentRevision(status);
  if (!current) return std::nullopt;
  v1::RevisionConflict conflict;
  conflict.set_stream(eventstore::ConflictStream(status).value_or(""));
  if (expected != nullptr) *conflict.mutable_expected_revision() = *expected;
  conflict.set_current_revision(*current);
  return RpcStatusWithDetail(absl::StatusCode::kAborted, std::string(status.message()), conflict);
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
