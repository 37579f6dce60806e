// AppendWriter: the thread of one chanceryd that writes to the PostgreSQL
// event log.
//
// It takes every request waiting (GroupWriter) and commits them in one
// transaction; the append rules run in memory over what the transaction
// first reads of the group's streams and ids (group_target.h), so a refused
// request is forgotten while the others commit, and a group costs a few
// round trips whatever its size. Every replica writes the same tables: a
// transaction first takes the log's advisory lock (schema.h, kAppendLock),
// then reads the head of the chain and gives out the positions after it.
// The lock is held until the commit, so transactions commit one after
// another in position order, and a reader that sees position N+1 has seen
// N: no gaps, and no late commit of a lower position.
//
// A lost connection or another failure of the database fails the group
// (UNAVAILABLE) and turns the store's writability off; an idle writer then
// reconnects and probes about once a second, and the first commit that
// succeeds turns it on again. A commit whose answer is lost with the
// connection may have committed: the callers are told so, and a retry with
// the same event ids is safe.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_APPEND_WRITER_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_APPEND_WRITER_H_

#include <memory>
#include <string>
#include <vector>

#include "eventstore/append_queue.h"
#include "eventstore/group_writer.h"
#include "eventstore/append_rules.h"
#include "eventstore/durability.h"
#include "eventstore/event_store.h"
#include "eventstore/head_signal.h"
#include "eventstore/postgresql/connection.h"
#include "eventstore/writability.h"

namespace chancery::eventstore::postgresql {

class AppendWriter {
 public:
  // The writer connects with `uri`, committing with `durability`, and
  // publishes each head it commits to `head_signal` and the outcome of its
  // commits to `writability`.
  AppendWriter(std::string uri, Durability durability, HeadSignal* head_signal,
               Writability* writability);
  ~AppendWriter();  // Stop()s.

  // Submit queues `request`; `done` is called on the writer thread once it
  // has committed or failed. After Stop, `done` gets UNAVAILABLE at once.
  void Submit(AppendRequest request, EventStore::AppendCallback done);

  // Stop commits everything already submitted, then ends the thread.
  void Stop();

  // SetObserver: `observer` hears of each commit (GroupWriter::SetObserver).
  void SetObserver(StoreObserver* observer) { group_writer_.SetObserver(observer); }

 private:
  void CommitGroup(std::vector<AppendQueue::Pending>& group);
  // Transaction runs the group's requests in one transaction and commits;
  // each request's result goes to `results`. The status is the group's:
  // not OK when nothing of it committed.
  absl::Status Transaction(std::vector<AppendQueue::Pending>& group,
                           std::vector<absl::StatusOr<AppendResult>>& results,
                           ChainHead& head);
  // Connected: the writer's connection, made again if it was lost.
  absl::StatusOr<Connection*> Connected();
  // Probe commits an empty transaction, to learn whether commits succeed again.
  void Probe();

  const std::string uri_;
  const Durability durability_;
  HeadSignal* const head_signal_;
  Writability* const writability_;
  std::unique_ptr<Connection> connection_;  // Only the writer thread touches it.
  GroupWriter group_writer_;  // Last: its thread starts once the rest is ready.
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_APPEND_WRITER_H_
