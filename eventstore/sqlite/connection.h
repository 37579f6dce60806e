// A thin RAII layer over one sqlite3 connection and its prepared statements.
//
// Every error becomes an absl::Status that names the database path, so a
// user reading it knows which file is at fault. A Connection is used by one
// thread at a time (it is opened with SQLITE_OPEN_NOMUTEX).

#ifndef CHANCERY_EVENTSTORE_SQLITE_CONNECTION_H_
#define CHANCERY_EVENTSTORE_SQLITE_CONNECTION_H_

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include "absl/strings/string_view.h"

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace chancery::eventstore::sqlite {

class Connection;

// A cached prepared statement, reset and unbound when the scope ends.
class Statement {
 public:
  Statement(sqlite3_stmt* statement, const Connection* connection)
      : statement_(statement), connection_(connection) {}
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Bind* set the 1-based parameter `index`. Text and blobs are not copied:
  // they must stay valid until the statement is next run or the scope ends.
  void BindInt64(int index, int64_t value);
  void BindText(int index, absl::string_view value);
  void BindBlob(int index, absl::string_view value);

  // Step advances: true when a row is ready, false when done.
  absl::StatusOr<bool> Step();
  // Run steps until done, for statements that return no rows, and resets
  // the statement so it can be bound and run again.
  absl::Status Run();

  int64_t ColumnInt64(int column) const;
  // The column's bytes, valid until the next Step or the end of the scope.
  std::string_view ColumnBytes(int column) const;

 private:
  sqlite3_stmt* statement_;
  const Connection* connection_;
};

class Connection {
 public:
  // Open opens `path` with SQLite `flags` (SQLITE_OPEN_*; NOMUTEX is added)
  // through the VFS named `vfs` (empty: SQLite's default).
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& path, int flags,
                                                          const std::string& vfs = "");
  ~Connection();

  // Execute runs one or more statements that return no rows.
  absl::Status Execute(const char* sql);
  // Prepare returns the statement for `sql`, compiled once per connection.
  absl::StatusOr<Statement> Prepare(const std::string& sql);
  // Compile returns the compiled statement for `sql` (the one Prepare
  // uses), owned by the connection, for a caller that runs it often and
  // keeps it: Statement(handle, &connection) wraps it for one use.
  absl::StatusOr<sqlite3_stmt*> Compile(const std::string& sql);
  // QueryInt64 runs `sql` (one row, one column), for PRAGMAs and counts.
  absl::StatusOr<int64_t> QueryInt64(const char* sql);

  // Error turns SQLite result `code` into a status naming the file and `what`.
  absl::Status Error(int code, absl::string_view what) const;

  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  Connection(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

  std::string path_;
  sqlite3* db_;
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace chancery::eventstore::sqlite

#endif  // CHANCERY_EVENTSTORE_SQLITE_CONNECTION_H_
