// CopyLog: moves a log into a PostgreSQL database as it is: every record at
// its position, with its recorded time and its hash, so that the chain, the
// checkpoints already signed and every position clients hold stay true.
//
// The destination is empty, or holds a prefix of the source (a copy that
// stopped part way): the copy goes on from where it stopped. Each record
// must link to the one before (hash_chain.h) or nothing more is copied;
// each batch commits under the log's lock (append_writer.h), so replicas
// already serving the destination see positions arrive in order.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_LOG_COPY_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_LOG_COPY_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/copy_log.h"
#include "eventstore/event_store.h"

namespace chancery::eventstore::postgresql {

// CopyLog copies `source` into the database at `destination_uri`, calling
// `progress` with the destination's head after each batch. FAILED_PRECONDITION
// if the destination holds records that are not the source's first ones;
// DATA_LOSS if a source record does not link to the one before.
absl::StatusOr<CopyResult> CopyLog(EventStore& source, const std::string& destination_uri,
                                   const std::function<void(uint64_t head)>& progress);

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_LOG_COPY_H_
