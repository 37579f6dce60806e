// WatchRelationships: a LogStreamReactor whose policy turns each record of
// a dyad stream into the change it causes (docs/relationship-model.md,
// "Changes"), when the watcher's filters pass it and, if it has standing
// alert conditions, it meets one of them.

#ifndef CHANCERY_SERVICES_SERVER_WATCH_RELATIONSHIPS_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_WATCH_RELATIONSHIPS_REACTOR_H_

#include <deque>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "chancery/v1/relations_service.pb.h"
#include "services/domain/streams.h"
#include "services/server/change_filter_validation.h"
#include "services/server/log_stream_reactor.h"
#include "services/server/projections.h"

namespace chancery::server {

class WatchRelationshipsPolicy {
 public:
  using Response = v1::WatchRelationshipsResponse;
  using Pending = Response;

  // `filter` validated (ValidateChangeFilter), `conditions` too
  // (CheckAlertConditions).
  WatchRelationshipsPolicy(const Projections* projections, ChangeFilter filter,
                           bool structural_only,
                           google::protobuf::RepeatedPtrField<v1::AlertCondition> conditions)
      : projections_(projections),
        filter_(std::move(filter)),
        structural_only_(structural_only),
        conditions_(std::move(conditions)) {}

  bool Take(const SharedRecord& record, std::deque<Pending>& outbox) const;
  static Pending CaughtUp(uint64_t position);
  static Pending Checkpoint(uint64_t position);
  static uint64_t Position(const Pending& message);
  Response Encode(Pending message) const { return message; }

 private:
  bool Passes(const domain::StreamName& dyad) const;

  const Projections* const projections_;
  const ChangeFilter filter_;
  const bool structural_only_;
  // Standing alerts: a change goes out only when it meets one, with its alerts.
  const google::protobuf::RepeatedPtrField<v1::AlertCondition> conditions_;
};

using WatchRelationshipsReactor = LogStreamReactor<WatchRelationshipsPolicy>;

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_WATCH_RELATIONSHIPS_REACTOR_H_
