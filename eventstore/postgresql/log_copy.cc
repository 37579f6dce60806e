#include "eventstore/postgresql/log_copy.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/hash_chain.h"
#include "eventstore/postgresql/connection.h"
#include "eventstore/postgresql/event_rows.h"
#include "eventstore/postgresql/schema.h"

namespace chancery::eventstore::postgresql {
namespace {

// Records read from the source and committed at the destination at once.
constexpr size_t kBatch = 2000;

// CopyBatch appends `batch`, which follows `head`, in one transaction.
absl::Status CopyBatch(Connection& connection, const std::vector<RecordedEvent>& batch,
                       ChainHead& head) {
  RETURN_IF_ERROR(connection.Execute("BEGIN"));
  RETURN_IF_ERROR(
      connection.Query("SELECT pg_advisory_xact_lock($1)", {Param::Int64(kAppendLock)}).status());
  ASSIGN_OR_RETURN(ChainHead now, ReadHead(connection));
  if (now.position != head.position) {
    return absl::FailedPreconditionError(absl::StrCat(
        connection.name(), ": the log grew from ", head.position, " to ", now.position,
        " records while being copied into; stop every chanceryd that serves it first"));
  }
  for (const RecordedEvent& event : batch) {
    if (event.position != head.position + 1 || ChainHash(head.hash, event) != event.hash) {
      return absl::DataLossError(absl::StrCat(
          "the source's record at position ", head.position + 1,
          " does not link to the one before (chancery audit verify shows where its chain "
          "breaks); nothing from there on was copied"));
    }
    head = {event.position, event.hash, event.recorded_time_us};
  }
  return connection.Pipeline(CommitRows(batch)).status();
}

}  // namespace

absl::StatusOr<CopyResult> CopyLog(EventStore& source, const std::string& destination_uri,
                                   const std::function<void(uint64_t head)>& progress) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(destination_uri));
  RETURN_IF_ERROR(PrepareSchema(*connection).status());
  ASSIGN_OR_RETURN(ChainHead head, ReadHead(*connection));
  CopyResult result;
  result.already_there = head.position;
  if (head.position > 0) {
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> same, source.ReadLog({head.position, "", {}, 1}));
    if (same.empty() || same[0].position != head.position || same[0].hash != head.hash) {
      return absl::FailedPreconditionError(absl::StrCat(
          destination_uri, " already holds ", head.position,
          " records that are not the first ones of the source (its record ", head.position,
          " has hash ", absl::BytesToHexString(head.hash),
          "); copy into an empty database"));
    }
  }
  for (;;) {
    ASSIGN_OR_RETURN(std::vector<RecordedEvent> batch,
                     source.ReadLog({head.position + 1, "", {}, kBatch}));
    if (batch.empty()) break;
    absl::Status copied = CopyBatch(*connection, batch, head);
    if (!copied.ok()) {
      if (connection->ok()) (void)connection->Execute("ROLLBACK");
      return copied;
    }
    result.copied += batch.size();
    progress(head.position);
  }
  result.head_hash = head.hash;
  return result;
}

}  // namespace chancery::eventstore::postgresql
