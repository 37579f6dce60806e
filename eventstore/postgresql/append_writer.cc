#include "eventstore/postgresql/append_writer.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "eventstore/postgresql/event_rows.h"
#include "eventstore/postgresql/group_target.h"
#include "eventstore/postgresql/schema.h"

namespace chancery::eventstore::postgresql {

AppendWriter::AppendWriter(std::string uri, Durability durability, HeadSignal* head_signal,
                           Writability* writability)
    : uri_(std::move(uri)),
      durability_(durability),
      head_signal_(head_signal),
      writability_(writability),
      group_writer_(
          writability, [this](std::vector<AppendQueue::Pending>& group) { CommitGroup(group); },
          [this] { Probe(); }) {}

AppendWriter::~AppendWriter() { Stop(); }

void AppendWriter::Submit(AppendRequest request, EventStore::AppendCallback done) {
  group_writer_.Submit(std::move(request), std::move(done));
}

void AppendWriter::Stop() { group_writer_.Stop(); }

absl::StatusOr<Connection*> AppendWriter::Connected() {
  if (connection_ != nullptr && connection_->ok()) return connection_.get();
  connection_.reset();
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(uri_));
  RETURN_IF_ERROR(connection->Execute(durability_ == Durability::kFull
                                          ? "SET synchronous_commit = on"
                                          : "SET synchronous_commit = off"));
  connection_ = std::move(connection);
  return connection_.get();
}

void AppendWriter::CommitGroup(std::vector<AppendQueue::Pending>& group) {
  std::vector<absl::StatusOr<AppendResult>> results;
  results.reserve(group.size());
  ChainHead head;
  absl::Status status = Transaction(group, results, head);
  if (!status.ok()) {
    if (connection_ != nullptr && connection_->ok()) (void)connection_->Execute("ROLLBACK");
    results.assign(group.size(), status);
  } else {
    head_signal_->Publish(head.position);
  }
  writability_->Set(status);
  for (size_t i = 0; i < group.size(); ++i) group[i].done(std::move(results[i]));
}

absl::Status AppendWriter::Transaction(std::vector<AppendQueue::Pending>& group,
                                       std::vector<absl::StatusOr<AppendResult>>& results,
                                       ChainHead& head) {
  ASSIGN_OR_RETURN(Connection * connection, Connected());
  // Two round trips a group, which with the WAL sync are most of its cost:
  // the lock goes with what the rules need to know, the rows with the
  // commit.
  std::vector<Statement> opening = {
      {"BEGIN"}, {absl::StrCat("SELECT pg_advisory_xact_lock(", kAppendLock, ")")}, {kHeadQuery}};
  for (Statement& query : GroupTarget::PrefetchQueries(group)) opening.push_back(std::move(query));
  ASSIGN_OR_RETURN(std::vector<Result> known, connection->Pipeline(opening));
  head = HeadFromResult(known[2]);
  const uint64_t first_position = head.position + 1;
  // Transaction time never goes backwards, so a time maps to a log prefix,
  // whichever replica's clock is ahead.
  const int64_t now_us = std::max(absl::ToUnixMicros(absl::Now()), head.recorded_time_us);
  GroupTarget target;
  target.TakePrefetched(known[3], known[4]);
  for (AppendQueue::Pending& pending : group) {
    const GroupTarget::Mark mark = target.Here();
    ChainHead request_head = head;
    absl::StatusOr<AppendResult> result =
        ApplyRequest(target, pending.request, now_us, request_head);
    if (result.ok()) {
      head = std::move(request_head);
    } else {
      target.Undo(mark);  // Refused: the rules read and wrote only memory.
    }
    results.push_back(std::move(result));
  }
  if (head.position < first_position) return connection->Execute("ROLLBACK");  // Nothing new.
  absl::Status committed = connection->Pipeline(CommitRows(target.rows())).status();
  if (!committed.ok() && !connection->ok()) {
    return absl::UnavailableError(absl::StrCat(
        committed.message(),
        " (the connection was lost during the commit, which may have completed: a retry with "
        "the same event ids records each event once)"));
  }
  return committed;
}

void AppendWriter::Probe() {
  absl::StatusOr<Connection*> connection = Connected();
  absl::Status outcome = connection.status();
  if (outcome.ok()) outcome = (*connection)->Execute("BEGIN; COMMIT");
  writability_->Set(outcome);
}

}  // namespace chancery::eventstore::postgresql
