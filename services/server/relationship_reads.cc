#include "services/server/relationship_reads.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "services/domain/calendar_date.h"
#include "services/domain/streams.h"
#include "services/projection/relationship_queries.h"
#include "services/server/log_record_codec.h"
#include "services/server/query_point.h"
#include "services/server/request_checks.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

// At most this many months in one GetTimeline's aggregates: a century.
constexpr int64_t kMaxTimelineMonths = 1200;

using projection::Bitemporal;
using projection::FoldEvent;
using projection::RelationshipState;

std::string CheckDyad(const std::string& text, domain::Violations& bad_request) {
  absl::StatusOr<domain::StreamName> dyad = domain::StreamName::ParseDyad(text);
  if (!dyad.ok()) {
    bad_request.Add("dyad",
                 absl::StrCat(dyad.status().message(),
                              text.size() == 3 ? "; for one country's own record use "
                                                 "GetActorProfile"
                                               : ""));
    return "";
  }
  return dyad->str();
}

// Sorting for ListRelationships.
enum class Order { kScoreDescending, kScoreAscending, kDyad };

bool ParseOrder(const std::string& order_by, Order& order) {
  if (order_by.empty() || order_by == "score desc") {
    order = Order::kScoreDescending;
  } else if (order_by == "score") {
    order = Order::kScoreAscending;
  } else if (order_by == "dyad") {
    order = Order::kDyad;
  } else {
    return false;
  }
  return true;
}

struct DyadState {
  std::string dyad;
  RelationshipState state;
};

}  // namespace

grpc::Status RelationshipReads::FillRecords(
    const std::vector<uint64_t>& positions,
    const std::function<v1::LogRecord*(size_t)>& record) const {
  std::vector<uint64_t> wanted;
  std::vector<size_t> places;  // Where wanted[j] goes.
  for (size_t i = 0; i < positions.size(); ++i) {
    if (positions[i] == 0) continue;
    wanted.push_back(positions[i]);
    places.push_back(i);
  }
  if (wanted.empty()) return grpc::Status::OK;
  absl::StatusOr<std::vector<v1::LogRecord>> read = ReadRecordsAt(*store_, wanted);
  if (!read.ok()) return RpcStatus(read.status());
  for (size_t j = 0; j < places.size(); ++j) *record(places[j]) = std::move((*read)[j]);
  return grpc::Status::OK;
}

absl::StatusOr<CursorRange> RelationshipReads::KnownAtRange() const {
  absl::StatusOr<uint64_t> head = store_->HeadPosition();
  if (!head.ok()) return head.status();
  return CursorRange{0, static_cast<int64_t>(*head)};
}

grpc::Status RelationshipReads::GetRelationship(const v1::GetRelationshipRequest& request,
                                                v1::GetRelationshipResponse& response) const {
  domain::Violations bad_request;
  const std::string dyad = CheckDyad(request.dyad(), bad_request);
  const domain::Day as_of =
      AsOfDay(request.has_as_of_date(), request.as_of_date(), "as_of_date", bad_request);
  CheckKnownAt(request.has_known_at(), request.known_at(), bad_request);
  if (!bad_request.empty()) return RpcStatus(bad_request);
  if (absl::Status caught_up = projections_->CatchUpWith(*store_); !caught_up.ok()) {
    return RpcStatus(caught_up);
  }

  uint64_t last_event = 0;
  absl::Status status = projections_->Read([&](const projection::ProjectionIndex& index) {
    absl::StatusOr<uint64_t> known_at =
        KnownAtPosition(request.has_known_at(), request.known_at(), index);
    if (!known_at.ok()) return known_at.status();
    const Bitemporal at{as_of, *known_at};
    const RelationshipState state = FoldAt(index.Events(dyad), at, projections_->settings());
    *response.mutable_relationship() =
        ToRelationship(dyad, at, state, projections_->settings());
    last_event = state.last_event_position;
    return absl::OkStatus();
  });
  if (!status.ok()) return RpcStatus(status);
  return FillRecords({last_event},
                     [&](size_t) { return response.mutable_relationship()->mutable_last_event(); });
}

grpc::Status RelationshipReads::ListRelationships(const v1::ListRelationshipsRequest& request,
                                                  v1::ListRelationshipsResponse& response) const {
  domain::Violations bad_request;
  if (!request.actor_code().empty()) CheckActorCode(request.actor_code(), "actor_code", bad_request);
  if (!v1::RelationshipStatus_IsValid(request.status())) {
    bad_request.Add("status", absl::StrCat(request.status(), " is not a status"));
  }
  if (!v1::Trend_IsValid(request.trend())) {
    bad_request.Add("trend", absl::StrCat(request.trend(), " is not a trend"));
  }
  Order order = Order::kScoreDescending;
  if (!ParseOrder(request.order_by(), order)) {
    bad_request.Add("order_by",
                 absl::StrCat("\"", request.order_by(),
                              "\" is not an order; use \"score desc\" (the default), \"score\" or "
                              "\"dyad\""));
  }
  const int32_t page_size = CheckPageSize(request.page_size(), bad_request);
  domain::Day as_of =
      AsOfDay(request.has_as_of_date(), request.as_of_date(), "as_of_date", bad_request);
  // A token fixes the first page's point in both times and says where the
  // next page starts.
  absl::StatusOr<CursorRange> known_at_range = KnownAtRange();
  if (!known_at_range.ok()) return RpcStatus(known_at_range.status());
  const std::vector<int64_t> cursor =
      PageCursor(request, {{domain::Day::First().number(), domain::Day::Last().number()}, *known_at_range, {0}},
                 store_->Secret(), bad_request);
  CheckKnownAt(request.has_known_at(), request.known_at(), bad_request);
  if (!bad_request.empty()) return RpcStatus(bad_request);
  if (absl::Status caught_up = projections_->CatchUpWith(*store_); !caught_up.ok()) {
    return RpcStatus(caught_up);
  }

  std::vector<uint64_t> last_events;
  absl::Status status = projections_->Read([&](const projection::ProjectionIndex& index) {
    uint64_t known_at = 0;
    size_t offset = 0;
    if (cursor.empty()) {
      absl::StatusOr<uint64_t> resolved =
          KnownAtPosition(request.has_known_at(), request.known_at(), index);
      if (!resolved.ok()) return resolved.status();
      known_at = *resolved;
    } else {
      as_of = domain::Day::FromNumber(static_cast<int32_t>(cursor[0]));
      known_at = static_cast<uint64_t>(cursor[1]);
      offset = static_cast<size_t>(cursor[2]);
    }
    const Bitemporal at{as_of, known_at};
    std::vector<std::string> dyads;
    if (!request.actor_code().empty()) {
      dyads = index.DyadsOf(request.actor_code());
    } else {
      for (const auto& [name, events] : index.streams()) {
        const std::optional<domain::StreamName> stream = domain::StreamName::FromCanonical(name);
        if (stream && stream->is_dyad()) dyads.push_back(name);
      }
    }
    std::vector<DyadState> states;
    for (std::string& dyad : dyads) {
      RelationshipState state = FoldAt(index.Events(dyad), at, projections_->settings());
      if (state.empty()) continue;
      if (request.status() != v1::RELATIONSHIP_STATUS_UNSPECIFIED &&
          state.status != request.status()) {
        continue;
      }
      if (request.trend() != v1::TREND_UNSPECIFIED && state.trend != request.trend()) continue;
      states.push_back({std::move(dyad), std::move(state)});
    }
    std::sort(states.begin(), states.end(), [order](const DyadState& x, const DyadState& y) {
      if (order != Order::kDyad && x.state.score != y.state.score) {
        return order == Order::kScoreDescending ? x.state.score > y.state.score
                                                : x.state.score < y.state.score;
      }
      return x.dyad < y.dyad;
    });
    const size_t end = std::min(states.size(), offset + static_cast<size_t>(page_size));
    for (size_t i = offset; i < end; ++i) {
      *response.add_relationships() =
          ToRelationship(states[i].dyad, at, states[i].state, projections_->settings());
      last_events.push_back(states[i].state.last_event_position);
    }
    if (end < states.size()) {
      response.set_next_page_token(EncodePageToken(
          {as_of.number(), static_cast<int64_t>(known_at), static_cast<int64_t>(end)},
          FingerprintWithoutPaging(request), store_->Secret()));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return RpcStatus(status);
  return FillRecords(last_events, [&](size_t i) {
    return response.mutable_relationships(static_cast<int>(i))->mutable_last_event();
  });
}

grpc::Status RelationshipReads::GetTimeline(const v1::GetTimelineRequest& request,
                                            v1::GetTimelineResponse& response) const {
  domain::Violations bad_request;
  const std::string dyad = CheckDyad(request.dyad(), bad_request);
  const DayRange range = CheckDayRange(request.has_start_date(), request.start_date(),
                                       request.has_end_date(), request.end_date(), bad_request);
  const bool has_start = range.has_start;
  const bool has_end = range.has_end;
  const domain::Day start = range.start;
  const domain::Day end = range.end;
  const int32_t page_size = CheckPageSize(request.page_size(), bad_request);
  absl::StatusOr<CursorRange> known_at_range = KnownAtRange();
  if (!known_at_range.ok()) return RpcStatus(known_at_range.status());
  const std::vector<int64_t> cursor =
      PageCursor(request, {*known_at_range, {0}}, store_->Secret(), bad_request);
  CheckKnownAt(request.has_known_at(), request.known_at(), bad_request);
  if (!bad_request.empty()) return RpcStatus(bad_request);
  if (absl::Status caught_up = projections_->CatchUpWith(*store_); !caught_up.ok()) {
    return RpcStatus(caught_up);
  }

  response.set_dyad(dyad);
  std::vector<uint64_t> positions;
  std::string too_many_months;  // Why the range is refused, found under the read lock.
  absl::Status status = projections_->Read([&](const projection::ProjectionIndex& index) {
    uint64_t known_at = 0;
    size_t offset = 0;
    if (cursor.empty()) {
      absl::StatusOr<uint64_t> resolved =
          KnownAtPosition(request.has_known_at(), request.known_at(), index);
      if (!resolved.ok()) return resolved.status();
      known_at = *resolved;
    } else {
      known_at = static_cast<uint64_t>(cursor[0]);
      offset = static_cast<size_t>(cursor[1]);
    }
    response.set_known_at_position(known_at);
    const projection::StreamEvents* events = index.Events(dyad);
    // The entries: events known at `known_at` in the date range, the
    // retracted ones only when asked for.
    std::vector<const FoldEvent*> listed;
    std::vector<const FoldEvent*> counted;
    if (events != nullptr) {
      for (const FoldEvent& event : *events) {
        if (event.position > known_at || event.day < start || event.day > end) continue;
        const bool retracted = !event.KnownAt(known_at);
        if (!retracted) counted.push_back(&event);
        if (!retracted || request.include_retracted()) listed.push_back(&event);
      }
    }
    const size_t page_end = std::min(listed.size(), offset + static_cast<size_t>(page_size));
    for (size_t i = offset; i < page_end; ++i) {
      v1::TimelineEntry* entry = response.add_entries();
      if (!listed[i]->KnownAt(known_at)) entry->set_retraction_position(listed[i]->retracted_at);
      positions.push_back(listed[i]->position);
    }
    if (page_end < listed.size()) {
      response.set_next_page_token(EncodePageToken(
          {static_cast<int64_t>(known_at), static_cast<int64_t>(page_end)},
          FingerprintWithoutPaging(request), store_->Secret()));
    }
    if (offset > 0 || (counted.empty() && !(has_start && has_end))) return absl::OkStatus();

    // Monthly aggregates over the range (or the events' span), with the
    // state at each month's end folded from every earlier event too.
    const absl::CivilMonth first((has_start ? start : counted.front()->day).civil());
    const absl::CivilMonth last((has_end ? end : counted.back()->day).civil());
    // Each month costs a fold of the dyad's state, under the projections'
    // read lock: one request must not be able to ask for millennia of them.
    if (const int64_t months = last - first + 1; months > kMaxTimelineMonths) {
      too_many_months = absl::StrCat(
          "the timeline spans ", months, " months (", absl::FormatCivilTime(first), " to ",
          absl::FormatCivilTime(last), "); at most ", kMaxTimelineMonths,
          " months are aggregated per request: narrow start_date and end_date");
      return absl::OkStatus();
    }
    projection::RelationshipFold fold(projections_->settings());
    auto next = events == nullptr ? projection::StreamEvents::const_iterator()
                                  : events->begin();
    for (absl::CivilMonth month = first; month <= last; ++month) {
      const domain::Day month_start = domain::Day::FromCivil(absl::CivilDay(month));
      const domain::Day month_end = domain::Day::FromCivil(absl::CivilDay(month + 1) - 1);
      v1::MonthlyAggregate* aggregate = response.add_months();
      aggregate->mutable_month()->set_year(static_cast<int32_t>(month.year()));
      aggregate->mutable_month()->set_month(month.month());
      projection::WindowCounts counts;
      double goldstein_sum = 0;
      for (; events != nullptr && next != events->end() && next->day <= month_end; ++next) {
        if (!next->KnownAt(known_at)) continue;
        fold.Apply(*next);
        if (next->day >= month_start) {
          ++counts.quad[next->quad_class < 5 ? next->quad_class : 0];
          goldstein_sum += next->goldstein;
        }
      }
      const RelationshipState state = fold.At(month_end);
      *aggregate->mutable_counts() = projection::ToQuadClassCounts(counts);
      aggregate->set_goldstein_sum(goldstein_sum);
      aggregate->set_end_score(state.score);
      aggregate->set_end_status(state.status);
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return RpcStatus(status);
  if (!too_many_months.empty()) {
    bad_request.Add("end_date", std::move(too_many_months));
    return RpcStatus(bad_request);
  }
  return FillRecords(positions, [&](size_t i) {
    return response.mutable_entries(static_cast<int>(i))->mutable_record();
  });
}

grpc::Status RelationshipReads::GetActorProfile(const v1::GetActorProfileRequest& request,
                                                v1::GetActorProfileResponse& response) const {
  domain::Violations bad_request;
  CheckActorCode(request.actor_code(), "actor_code", bad_request);
  const domain::Day as_of =
      AsOfDay(request.has_as_of_date(), request.as_of_date(), "as_of_date", bad_request);
  CheckKnownAt(request.has_known_at(), request.known_at(), bad_request);
  if (!bad_request.empty()) return RpcStatus(bad_request);
  if (absl::Status caught_up = projections_->CatchUpWith(*store_); !caught_up.ok()) {
    return RpcStatus(caught_up);
  }
  uint64_t last_domestic = 0;
  absl::Status status = projections_->Read([&](const projection::ProjectionIndex& index) {
    absl::StatusOr<uint64_t> known_at =
        KnownAtPosition(request.has_known_at(), request.known_at(), index);
    if (!known_at.ok()) return known_at.status();
    *response.mutable_profile() = projection::Profile(index, request.actor_code(),
                                                      {as_of, *known_at},
                                                      projections_->settings(), &last_domestic);
    return absl::OkStatus();
  });
  if (!status.ok()) return RpcStatus(status);
  return FillRecords({last_domestic}, [&](size_t) {
    return response.mutable_profile()->mutable_domestic()->mutable_last_event();
  });
}

}  // namespace chancery::server
