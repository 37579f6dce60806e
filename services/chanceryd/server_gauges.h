// AddServerGauges: what chanceryd samples at each scrape: the log's head,
// the projections' lag and load progress, the database's size and its
// disk's space (SQLite; PostgreSQL's own exporters report its server), and
// each subscription group's lag.

#ifndef CHANCERY_SERVICES_CHANCERYD_SERVER_GAUGES_H_
#define CHANCERY_SERVICES_CHANCERYD_SERVER_GAUGES_H_

#include <cstdint>
#include <string>

#include "eventstore/event_store.h"
#include "services/server/projections.h"
#include "services/server/sampled_gauges.h"

namespace chancery::chanceryd {

// `store` and `projections` outlive every scrape; `head_at_start` is the
// log's head when the projections began to load.
void AddServerGauges(server::SampledGauges& gauges, eventstore::EventStore* store,
                     const std::string& store_uri, const server::Projections* projections,
                     uint64_t head_at_start);

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_SERVER_GAUGES_H_
