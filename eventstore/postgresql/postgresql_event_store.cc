#include "eventstore/postgresql/postgresql_event_store.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/postgresql/binary_array.h"
#include "eventstore/postgresql/event_rows.h"
#include "eventstore/postgresql/schema.h"

namespace chancery::eventstore::postgresql {
namespace {

// At most this many connections wait idle for the next read.
constexpr size_t kMaxIdleReaders = 16;

// VerifyChain reads the log in pages of this many events.
constexpr int64_t kVerifyPage = 10000;

std::string ReadLogSql(const LogReadOptions& options) {
  std::string sql =
      absl::StrCat("SELECT ", kEventColumns, " FROM chancery_events WHERE position >= $1");
  int next = 2;
  if (!options.stream_prefix.empty()) absl::StrAppend(&sql, " AND starts_with(stream, $", next++, ")");
  // The types go in as one array, so that one prepared statement serves any number of them.
  if (!options.event_types.empty()) absl::StrAppend(&sql, " AND event_type = ANY($", next++, "::text[])");
  return absl::StrCat(sql, " ORDER BY position LIMIT $", next);
}

std::vector<RecordedEvent> Events(const Result& result) {
  std::vector<RecordedEvent> events;
  events.reserve(result.rows());
  for (int row = 0; row < result.rows(); ++row) events.push_back(EventFromRow(result, row));
  return events;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresqlEventStore>> PostgresqlEventStore::Open(
    const std::string& uri, Durability durability) {
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Connection::Open(uri));
  ASSIGN_OR_RETURN(std::string secret, PrepareSchema(*connection));
  std::unique_ptr<PostgresqlEventStore> store(
      new PostgresqlEventStore(uri, std::move(secret), durability));
  ASSIGN_OR_RETURN(uint64_t head, store->HeadPosition());
  store->head_signal_.Publish(head);
  {
    absl::MutexLock lock(&store->mutex_);
    store->idle_.push_back(std::move(connection));
  }
  return store;
}

PostgresqlEventStore::PostgresqlEventStore(std::string uri, std::string secret,
                                           Durability durability)
    : uri_(std::move(uri)),
      secret_(std::move(secret)),
      follower_(std::make_unique<HeadFollower>(uri_, &head_signal_, &writability_)),
      writer_(std::make_unique<AppendWriter>(uri_, durability, &head_signal_, &writability_)) {}

PostgresqlEventStore::~PostgresqlEventStore() {
  writer_->Stop();
  follower_.reset();
  head_signal_.Close();
}

void PostgresqlEventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  if (absl::Status valid = ValidateAppendRequest(request); !valid.ok()) {
    done(std::move(valid));
    return;
  }
  writer_->Submit(std::move(request), std::move(done));
}

void PostgresqlEventStore::SetWritabilityListener(WritabilityListener listener) {
  writability_.SetListener(std::move(listener));
}

void PostgresqlEventStore::SetObserver(StoreObserver* observer) { writer_->SetObserver(observer); }

absl::StatusOr<Result> PostgresqlEventStore::Query(const std::string& sql,
                                                   const std::vector<Param>& params) {
  std::unique_ptr<Connection> connection;
  {
    absl::MutexLock lock(&mutex_);
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (connection == nullptr) {
    ASSIGN_OR_RETURN(connection, Connection::Open(uri_));
  }
  absl::StatusOr<Result> result = connection->Query(sql, params);
  if (connection->ok()) {
    absl::MutexLock lock(&mutex_);
    if (idle_.size() < kMaxIdleReaders) idle_.push_back(std::move(connection));
  }
  return result;
}

absl::StatusOr<std::vector<RecordedEvent>> PostgresqlEventStore::ReadStream(
    const StreamReadOptions& options) {
  const bool forwards = options.direction == Direction::kForwards;
  ASSIGN_OR_RETURN(
      Result rows,
      Query(absl::StrCat("SELECT ", kEventColumns,
                         " FROM chancery_events WHERE stream = $1 AND revision ",
                         forwards ? ">= $2 ORDER BY revision" : "<= $2 ORDER BY revision DESC",
                         " LIMIT $3"),
            {Param::Text(options.stream), Param::Int64(options.from_revision),
             Param::Int64(static_cast<int64_t>(options.max_count))}));
  return Events(rows);
}

absl::StatusOr<std::vector<RecordedEvent>> PostgresqlEventStore::ReadLog(
    const LogReadOptions& options) {
  std::vector<Param> params = {Param::Int64(static_cast<int64_t>(options.from_position))};
  if (!options.stream_prefix.empty()) params.push_back(Param::Text(options.stream_prefix));
  if (!options.event_types.empty()) {
    BinaryArray types(BinaryArray::Of::kText);
    for (const std::string& type : options.event_types) types.Add(type);
    params.push_back(types.ToParam());
  }
  params.push_back(Param::Int64(static_cast<int64_t>(options.max_count)));
  ASSIGN_OR_RETURN(Result rows, Query(ReadLogSql(options), params));
  return Events(rows);
}

absl::StatusOr<size_t> PostgresqlEventStore::ScanLog(
    uint64_t from_position, size_t max_count,
    const std::function<bool(const RecordedEventView&)>& visit) {
  ASSIGN_OR_RETURN(Result rows,
                   Query(absl::StrCat("SELECT ", kEventColumns,
                                      " FROM chancery_events WHERE position >= $1 "
                                      "ORDER BY position LIMIT $2"),
                         {Param::Int64(static_cast<int64_t>(from_position)),
                          Param::Int64(static_cast<int64_t>(max_count))}));
  size_t visited = 0;
  for (int row = 0; row < rows.rows(); ++row) {
    ++visited;
    if (!visit(ViewOfRow(rows, row))) break;
  }
  return visited;
}

absl::StatusOr<std::vector<RecordedEvent>> PostgresqlEventStore::ReadPositions(
    const std::vector<uint64_t>& positions) {
  if (positions.empty()) return std::vector<RecordedEvent>();
  // The positions go in as one array, so that one prepared statement
  // serves any number of them.
  BinaryArray array(BinaryArray::Of::kInt8);
  for (uint64_t position : positions) array.AddInt64(static_cast<int64_t>(position));
  ASSIGN_OR_RETURN(Result rows,
                   Query(absl::StrCat("SELECT ", kEventColumns,
                                      " FROM chancery_events WHERE position = ANY($1::bigint[]) "
                                      "ORDER BY position"),
                         {array.ToParam()}));
  return Events(rows);
}

absl::StatusOr<RecordedEvent> PostgresqlEventStore::ReadEvent(const std::string& event_id) {
  ASSIGN_OR_RETURN(Result rows, Query(absl::StrCat("SELECT ", kEventColumns,
                                                   " FROM chancery_events WHERE event_id = $1"),
                                      {Param::Text(event_id)}));
  if (rows.rows() == 0) return absl::NotFoundError(absl::StrCat("no event has id ", event_id));
  return EventFromRow(rows, 0);
}

absl::StatusOr<uint64_t> PostgresqlEventStore::HeadPosition() {
  ASSIGN_OR_RETURN(Result head,
                   Query("SELECT coalesce(max(position), 0) FROM chancery_events"));
  return static_cast<uint64_t>(head.Int64(0, 0));
}

absl::StatusOr<uint64_t> PostgresqlEventStore::WaitForEvents(uint64_t after_position,
                                                             absl::Time deadline) {
  return head_signal_.WaitPast(after_position, deadline);
}

absl::StatusOr<VerifyResult> PostgresqlEventStore::VerifyChain() {
  ChainVerifier verifier;
  for (;;) {
    const int64_t from = static_cast<int64_t>(verifier.result().event_count) + 1;
    ASSIGN_OR_RETURN(Result page,
                     Query(absl::StrCat("SELECT ", kEventColumns,
                                        " FROM chancery_events WHERE position >= $1 "
                                        "ORDER BY position LIMIT $2"),
                           {Param::Int64(from), Param::Int64(kVerifyPage)}));
    for (int row = 0; row < page.rows(); ++row) {
      if (!verifier.Check(EventFromRow(page, row))) return verifier.result();
    }
    if (page.rows() < kVerifyPage) return verifier.result();
  }
}

}  // namespace chancery::eventstore::postgresql
