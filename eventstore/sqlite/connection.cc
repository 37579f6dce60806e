#include "eventstore/sqlite/connection.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace chancery::eventstore::sqlite {
namespace {

absl::StatusCode CodeFor(int code) {
  switch (code & 0xff) {  // The primary code of an extended one.
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    // A full disk or an I/O error leaves the log as it was; the same append
    // may succeed later (the API promises UNAVAILABLE: retry).
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return absl::StatusCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::StatusCode::kDataLoss;
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return absl::StatusCode::kFailedPrecondition;
    default:
      return absl::StatusCode::kInternal;
  }
}

}  // namespace

Statement::Statement(Statement&& other) noexcept
    : statement_(std::exchange(other.statement_, nullptr)), connection_(other.connection_) {}

Statement::~Statement() {
  if (statement_ == nullptr) return;
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

void Statement::BindInt64(int index, int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
}

void Statement::BindText(int index, absl::string_view value) {
  sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                    SQLITE_STATIC);
}

void Statement::BindBlob(int index, absl::string_view value) {
  // A zero-length blob still binds as a blob, never as NULL.
  sqlite3_bind_blob(statement_, index, value.empty() ? "" : value.data(),
                    static_cast<int>(value.size()), SQLITE_STATIC);
}

absl::StatusOr<bool> Statement::Step() {
  int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return connection_->Error(code, sqlite3_sql(statement_));
}

absl::Status Statement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
  }
  sqlite3_reset(statement_);  // Keeps the bindings; allows new ones.
  return absl::OkStatus();
}

int64_t Statement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string_view Statement::ColumnBytes(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  int size = sqlite3_column_bytes(statement_, column);
  return data == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(data), size);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int flags,
                                                             const std::string& vfs) {
  sqlite3* db = nullptr;
  int code = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX,
                             vfs.empty() ? nullptr : vfs.c_str());
  std::unique_ptr<Connection> connection(new Connection(path, db));
  if (code != SQLITE_OK) return connection->Error(code, "open");
  sqlite3_extended_result_codes(db, 1);
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

absl::Status Connection::Execute(const char* sql) {
  int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return code == SQLITE_OK ? absl::OkStatus() : Error(code, sql);
}

absl::StatusOr<Statement> Connection::Prepare(const std::string& sql) {
  absl::StatusOr<sqlite3_stmt*> statement = Compile(sql);
  if (!statement.ok()) return statement.status();
  return Statement(*statement, this);
}

absl::StatusOr<sqlite3_stmt*> Connection::Compile(const std::string& sql) {
  auto [it, inserted] = statements_.try_emplace(sql, nullptr);
  if (inserted) {
    int code = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &it->second, nullptr);
    if (code != SQLITE_OK) {
      statements_.erase(it);
      return Error(code, sql);
    }
  }
  return it->second;
}

absl::StatusOr<int64_t> Connection::QueryInt64(const char* sql) {
  absl::StatusOr<Statement> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  absl::StatusOr<bool> row = statement->Step();
  if (!row.ok()) return row.status();
  if (!*row) return absl::InternalError(absl::StrCat("sqlite:", path_, ": no row from ", sql));
  return statement->ColumnInt64(0);
}

absl::Status Connection::Error(int code, absl::string_view what) const {
  std::string detail = db_ != nullptr && sqlite3_errcode(db_) == code ? sqlite3_errmsg(db_)
                                                                      : sqlite3_errstr(code);
  return absl::Status(CodeFor(code), absl::StrCat("sqlite:", path_, ": ", detail, " (in ", what, ")"));
}

}  // namespace chancery::eventstore::sqlite
