#include "services/server/record_each_event.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/domain/event_validator.h"
#include "services/server/record_events.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

// One partial_success call: which events are still to append, and the
// errors of those refused so far. Shared by the store's callbacks.
class EachEventAppend : public std::enable_shared_from_this<EachEventAppend> {
 public:
  EachEventAppend(eventstore::EventStore& store, const v1::RecordEventsRequest& request,
                  v1::RecordEventsResponse& response, std::function<void(grpc::Status)> done)
      : store_(store),
        request_(request),
        response_(response),
        done_(std::move(done)),
        errors_(request.events_size()) {}

  void Refuse(int index, google::rpc::Status error) { errors_[index] = std::move(error); }

  // Attempt appends the events not refused, refusing and retrying on a
  // reused id, and finishes the call.
  void Attempt() {
    // With nothing refused, the request itself is what to append; else a
    // copy of the events not refused.
    v1::RecordEventsRequest accepted;
    std::vector<int> indices;  // The j-th event appended is request_.events(indices[j]).
    indices.reserve(request_.events_size());
    for (int i = 0; i < request_.events_size(); ++i) {
      if (!errors_[i]) indices.push_back(i);
    }
    if (indices.empty()) {
      Finish(nullptr, nullptr);
      return;
    }
    const bool all_accepted = static_cast<int>(indices.size()) == request_.events_size();
    if (!all_accepted) {
      *accepted.mutable_expected_revisions() = request_.expected_revisions();
      for (int i : indices) *accepted.add_events() = request_.events(i);
    }
    auto plan = std::make_shared<PlannedAppend>(PlanAppend(all_accepted ? request_ : accepted));
    eventstore::AppendRequest append = std::move(plan->request);
    store_.AppendAsync(std::move(append), [self = shared_from_this(), plan,
                                           indices = std::move(indices)](
                                              absl::StatusOr<eventstore::AppendResult> result) {
      if (result.ok()) {
        self->Finish(plan.get(), &*result);
        return;
      }
      if (std::optional<std::string> reused = eventstore::ReusedEventId(result.status())) {
        for (size_t j = 0; j < indices.size(); ++j) {
          if (plan->event_ids[j] != *reused) continue;
          google::rpc::BadRequest bad_request;
          AddViolation(bad_request, absl::StrCat("events[", indices[j], "].event_id"),
                       std::string(result.status().message()));
          self->Refuse(indices[j],
                       RichStatusWithDetail(grpc::StatusCode::ALREADY_EXISTS,
                                            std::string(result.status().message()), bad_request));
        }
        self->Attempt();
        return;
      }
      // AppendError reads only the expected revisions, which `accepted` copies.
      self->done_(AppendError(*plan, self->request_, result.status()));
    });
  }

 private:
  // Finish fills the response in request order: the store's `result` of
  // `plan` for the appended events (none when both are null), the error for
  // the refused ones.
  void Finish(const PlannedAppend* plan, const eventstore::AppendResult* result) {
    v1::RecordEventsResponse appended;
    if (result != nullptr) ToResponse(*plan, *result, appended);
    size_t next = 0;
    for (int i = 0; i < request_.events_size(); ++i) {
      v1::RecordResult* out = response_.add_results();
      if (errors_[i]) {
        out->set_event_id(absl::AsciiStrToLower(request_.events(i).event_id()));
        *out->mutable_error() = std::move(*errors_[i]);
      } else {
        *out = std::move(*appended.mutable_results(static_cast<int>(next++)));
      }
    }
    done_(grpc::Status::OK);
  }

  eventstore::EventStore& store_;
  const v1::RecordEventsRequest& request_;
  v1::RecordEventsResponse& response_;
  std::function<void(grpc::Status)> done_;
  std::vector<std::optional<google::rpc::Status>> errors_;  // By request index.
};

}  // namespace

void RecordEachEvent(eventstore::EventStore& store, const v1::RecordEventsRequest& request,
                     absl::Time now, v1::RecordEventsResponse& response,
                     std::function<void(grpc::Status)> done) {
  domain::RecordEventsViolations violations = domain::ValidateEachRecordEvent(request, now);
  if (violations.request.field_violations_size() > 0) {
    done(InvalidArgument(violations.request));
    return;
  }
  auto append = std::make_shared<EachEventAppend>(store, request, response, std::move(done));
  for (int i = 0; i < request.events_size(); ++i) {
    if (violations.events[i].field_violations_size() > 0) {
      append->Refuse(i, RichInvalidArgument(violations.events[i]));
    }
  }
  append->Attempt();
}

}  // namespace chancery::server
