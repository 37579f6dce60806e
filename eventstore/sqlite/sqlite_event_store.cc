#include "eventstore/sqlite/sqlite_event_store.h"

#include <sys/stat.h>

#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "eventstore/sqlite/chain_walk.h"
#include "eventstore/sqlite/event_rows.h"
#include "eventstore/sqlite/file_identity.h"
#include "eventstore/sqlite/sync_timing_vfs.h"
#include "eventstore/sqlite/schema.h"
#include "eventstore/sqlite/store_secret.h"

namespace chancery::eventstore::sqlite {
namespace {

absl::Status CheckDirectory(const std::string& path) {
  std::string directory = std::filesystem::path(path).parent_path().string();
  if (directory.empty()) directory = ".";
  struct stat info;
  if (stat(directory.c_str(), &info) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "sqlite:", path, ": directory ", directory, " does not exist; create it first"));
  }
  if (!S_ISDIR(info.st_mode)) {
    return absl::FailedPreconditionError(
        absl::StrCat("sqlite:", path, ": ", directory, " is not a directory"));
  }
  return absl::OkStatus();
}

// OpenWriterConnection opens the read-write connection in WAL mode with the
// synchronous level that `options.durability` promises.
absl::StatusOr<std::unique_ptr<Connection>> OpenWriterConnection(
    const SqliteStoreOptions& options) {
  const std::string& path = options.path;
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                   Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options.vfs));
  if (sqlite3_db_readonly(connection->handle(), "main") == 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "sqlite:", path, ": is read-only; chanceryd must be able to write the file and its "
        "directory"));
  }
  // Savepoints keep their undo pages in a sub-journal; in memory it costs
  // no file writes. A group's dirty pages must fit the page cache: with
  // SQLite's default of 2 MiB, a group of a few thousand events spread over
  // many streams (an import) spilled pages into the WAL before its commit
  // and wrote them again at it, and re-read index pages from the file. The
  // cache takes memory only as pages are used, up to 64 MiB.
  RETURN_IF_ERROR(connection->Execute(
      "PRAGMA busy_timeout = 5000; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536"));
  {
    ASSIGN_OR_RETURN(Statement wal, connection->Prepare("PRAGMA journal_mode = WAL"));
    ASSIGN_OR_RETURN(bool row, wal.Step());
    if (!row || wal.ColumnBytes(0) != "wal") {
      return absl::FailedPreconditionError(
          absl::StrCat("sqlite:", path, ": cannot switch to write-ahead logging"));
    }
  }
  // In WAL mode, FULL syncs the log at every commit (survives power loss);
  // NORMAL syncs only at checkpoints (survives a crash of the process).
  RETURN_IF_ERROR(connection->Execute(options.durability == Durability::kFull
                                          ? "PRAGMA synchronous = FULL"
                                          : "PRAGMA synchronous = NORMAL"));
  return connection;
}

std::string ReadLogSql(const LogReadOptions& options) {
  std::string sql = absl::StrCat("SELECT ", kEventColumns, " FROM events WHERE position >= ?1");
  if (!options.stream_prefix.empty()) sql += " AND substr(stream, 1, length(?2)) = ?2";
  if (!options.event_types.empty()) {
    sql += " AND event_type IN (?3";
    for (size_t i = 1; i < options.event_types.size(); ++i) absl::StrAppend(&sql, ", ?", i + 3);
    sql += ")";
  }
  return absl::StrCat(sql, " ORDER BY position LIMIT ?", options.event_types.size() + 3);
}

// Collect reads up to `max_count` events from a statement ready to step.
absl::StatusOr<std::vector<RecordedEvent>> Collect(Statement& query, size_t max_count) {
  std::vector<RecordedEvent> events;
  events.reserve(std::min<size_t>(max_count, 4096));
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return events;
    events.push_back(EventFromRow(query));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteEventStore>> SqliteEventStore::Open(
    const SqliteStoreOptions& given) {
  SqliteStoreOptions options = given;
  if (options.vfs.empty()) {
    SyncTimingVfs::Instance();  // Registers it.
    options.vfs = SyncTimingVfs::kName;
  }
  RETURN_IF_ERROR(CheckDirectory(options.path));
  ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, OpenWriterConnection(options));
  ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock, FileLock::Acquire(options.path));
  RETURN_IF_ERROR(PrepareSchema(*connection));
  // The writer's connection has both files open now (the log since its
  // first read): these are the files every commit goes to.
  ASSIGN_OR_RETURN(FileIdentity files,
                   FileIdentity::Of(options.path, {options.path, options.path + "-wal"}));
  std::unique_ptr<SqliteEventStore> store(
      new SqliteEventStore(options.path, options.vfs, std::move(lock)));
  ASSIGN_OR_RETURN(store->secret_, ReadSecret(*connection));
  ASSIGN_OR_RETURN(store->groups_, SqliteGroupStore::Open(options.path, options.vfs));
  ASSIGN_OR_RETURN(store->checkpointer_, WalCheckpointer::Start(options.path, options.vfs,
                                                                *connection, options.checkpoint));
  ASSIGN_OR_RETURN(store->writer_,
                   AppendWriter::Start(std::move(connection), &store->head_signal_,
                                       &store->writability_, std::move(files)));
  return store;
}

SqliteEventStore::~SqliteEventStore() {
  if (writer_ != nullptr) writer_->Stop();  // Null when Open failed part way.
  head_signal_.Close();
}

void SqliteEventStore::AppendAsync(AppendRequest request, AppendCallback done) {
  if (absl::Status valid = ValidateAppendRequest(request); !valid.ok()) {
    done(std::move(valid));
    return;
  }
  writer_->Submit(std::move(request), std::move(done));
}

void SqliteEventStore::SetWritabilityListener(WritabilityListener listener) {
  writability_.SetListener(std::move(listener));
}

void SqliteEventStore::SetObserver(StoreObserver* observer) {
  writer_->SetObserver(observer);
  if (checkpointer_ != nullptr) checkpointer_->SetObserver(observer);
  SyncTimingVfs::Instance().SetObserver(observer);
}

absl::StatusOr<std::vector<RecordedEvent>> SqliteEventStore::ReadStream(
    const StreamReadOptions& options) {
  ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_.Borrow());
  const bool forwards = options.direction == Direction::kForwards;
  ASSIGN_OR_RETURN(Statement query,
                   reader->Prepare(absl::StrCat(
                       "SELECT ", kEventColumns, " FROM events WHERE stream = ?1 AND revision ",
                       forwards ? ">= ?2 ORDER BY revision" : "<= ?2 ORDER BY revision DESC",
                       " LIMIT ?3")));
  query.BindText(1, options.stream);
  query.BindInt64(2, options.from_revision);
  query.BindInt64(3, static_cast<int64_t>(options.max_count));
  return Collect(query, options.max_count);
}

absl::StatusOr<std::vector<RecordedEvent>> SqliteEventStore::ReadLog(
    const LogReadOptions& options) {
  ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_.Borrow());
  ASSIGN_OR_RETURN(Statement query, reader->Prepare(ReadLogSql(options)));
  query.BindInt64(1, static_cast<int64_t>(options.from_position));
  if (!options.stream_prefix.empty()) query.BindText(2, options.stream_prefix);
  for (size_t i = 0; i < options.event_types.size(); ++i) {
    query.BindText(static_cast<int>(i + 3), options.event_types[i]);
  }
  query.BindInt64(static_cast<int>(options.event_types.size() + 3),
                  static_cast<int64_t>(options.max_count));
  return Collect(query, options.max_count);
}

absl::StatusOr<size_t> SqliteEventStore::ScanLog(
    uint64_t from_position, size_t max_count,
    const std::function<bool(const RecordedEventView&)>& visit) {
  ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_.Borrow());
  ASSIGN_OR_RETURN(Statement query,
                   reader->Prepare(absl::StrCat("SELECT ", kEventColumns,
                                                " FROM events WHERE position >= ?1 "
                                                "ORDER BY position LIMIT ?2")));
  query.BindInt64(1, static_cast<int64_t>(from_position));
  query.BindInt64(2, static_cast<int64_t>(max_count));
  size_t visited = 0;
  while (true) {
    ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) return visited;
    ++visited;
    if (!visit(EventViewFromRow(query))) return visited;
  }
}

absl::StatusOr<std::vector<RecordedEvent>> SqliteEventStore::ReadPositions(
    const std::vector<uint64_t>& positions) {
  if (positions.empty()) return std::vector<RecordedEvent>();
  ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_.Borrow());
  // The positions go in as one JSON array, so that one compiled statement
  // serves any number of them.
  ASSIGN_OR_RETURN(Statement query,
                   reader->Prepare(absl::StrCat("SELECT ", kEventColumns,
                                                " FROM events WHERE position IN "
                                                "(SELECT value FROM json_each(?1)) "
                                                "ORDER BY position")));
  const std::string json = absl::StrCat("[", absl::StrJoin(positions, ","), "]");
  query.BindText(1, json);  // Bound without a copy: `json` outlives the reads.
  return Collect(query, positions.size());
}

absl::StatusOr<RecordedEvent> SqliteEventStore::ReadEvent(const std::string& event_id) {
  ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_.Borrow());
  ASSIGN_OR_RETURN(Statement query, reader->Prepare(absl::StrCat(
                                        "SELECT ", kEventColumns, " FROM events WHERE event_id = ?1")));
  query.BindText(1, event_id);
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return absl::NotFoundError(absl::StrCat("no event has id ", event_id));
  return EventFromRow(query);
}

absl::StatusOr<uint64_t> SqliteEventStore::HeadPosition() { return head_signal_.head(); }

absl::StatusOr<uint64_t> SqliteEventStore::WaitForEvents(uint64_t after_position,
                                                         absl::Time deadline) {
  return head_signal_.WaitPast(after_position, deadline);
}

absl::StatusOr<VerifyResult> SqliteEventStore::VerifyChain() {
  ASSIGN_OR_RETURN(ReaderPool::Lease reader, readers_.Borrow());
  return WalkChain(*reader);
}

}  // namespace chancery::eventstore::sqlite
