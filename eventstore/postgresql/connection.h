// Connection: one libpq connection to PostgreSQL, and the results of its
// statements.
//
// Statements take their parameters as text or binary values and return
// every column in binary form (Result's accessors decode them). Errors are
// absl::Status values naming the server: UNAVAILABLE when the connection is
// lost or cannot be made (the server down, unreachable, refusing), ABORTED
// for a serialization failure or deadlock (worth retrying), FAILED_PRECONDITION
// for anything about the database itself (it does not exist, the user may
// not use it), INTERNAL for the rest, each with PostgreSQL's own message.

#ifndef CHANCERY_EVENTSTORE_POSTGRESQL_CONNECTION_H_
#define CHANCERY_EVENTSTORE_POSTGRESQL_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace chancery::eventstore::postgresql {

// One parameter of a statement: its bytes, sent as text or binary.
class Param {
 public:
  static Param Text(std::string_view text) { return Param(std::string(text), false); }
  static Param Bytes(std::string_view bytes) { return Param(std::string(bytes), true); }
  static Param Int64(int64_t value);  // An int8 in binary (network order).

  const std::string& value() const { return value_; }
  bool binary() const { return binary_; }

 private:
  Param(std::string value, bool binary) : value_(std::move(value)), binary_(binary) {}
  std::string value_;
  bool binary_;
};

// One statement with its parameters ($1, $2, ...), for Connection::Pipeline.
struct Statement {
  std::string sql;
  std::vector<Param> params;
};

// Result: the rows of one statement, every column binary.
class Result {
 public:
  explicit Result(PGresult* result) : result_(result, &PQclear) {}

  int rows() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column); }
  // The column's bytes as they came (text, bytea).
  std::string_view Bytes(int row, int column) const;
  // An int8 column.
  int64_t Int64(int row, int column) const;
  // The number of rows an INSERT, UPDATE or DELETE changed.
  int64_t Changed() const;
  const PGresult* raw() const { return result_.get(); }

 private:
  std::unique_ptr<PGresult, void (*)(PGresult*)> result_;
};

class Connection {
 public:
  // Open connects with `uri`, a libpq connection URI. A URI that holds a
  // password is refused: it would show in process lists and logs; the
  // password comes from libpq's usual places (~/.pgpass, PGPASSWORD).
  static absl::StatusOr<std::unique_ptr<Connection>> Open(const std::string& uri);

  // Execute runs `sql`, one or more statements without parameters.
  absl::Status Execute(const std::string& sql);
  // Query runs one statement with `params` ($1, $2, ...), prepared on the
  // connection the first time it is run: the statements are few and fixed.
  absl::StatusOr<Result> Query(const std::string& sql, const std::vector<Param>& params = {});
  // Pipeline runs `statements` in order, sent together and answered in one
  // round trip (libpq's pipeline mode), each prepared as Query's are, and
  // returns their results. The first that fails is the error; those after
  // it are not run.
  absl::StatusOr<std::vector<Result>> Pipeline(const std::vector<Statement>& statements);

  // The payloads of the notifications (NOTIFY) that reached the connection
  // since the last call, oldest first.
  std::vector<std::string> TakeNotifications();
  // WaitReadable waits until the server sends something, `wake_fd` (if not
  // -1) is readable, or `timeout_ms` passes, then reads what the server sent:
  // notifications, or the connection's loss as an error.
  absl::Status WaitReadable(int timeout_ms, int wake_fd = -1);

  // Whether the connection is still up and usable, as far as libpq knows.
  bool ok() const { return !broken_ && PQstatus(connection_.get()) == CONNECTION_OK; }
  // The URI the connection was opened with, for messages.
  const std::string& name() const { return name_; }

 private:
  Connection(PGconn* connection, std::string name)
      : connection_(connection, &PQfinish), name_(std::move(name)) {}
  // Failed: the status for a failed statement or a lost connection.
  absl::Status Failed(const PGresult* result) const;
  // Prepared: the name `sql` is prepared under, preparing it the first time.
  absl::StatusOr<std::string> Prepared(const std::string& sql, size_t param_count);
  // Send sends `statement`, prepared as `name`, in the current pipeline.
  absl::Status Send(const std::string& name, const Statement& statement);
  // Collect reads the results of `count` statements sent in the current
  // pipeline, then its end.
  absl::StatusOr<std::vector<Result>> Collect(size_t count);

  std::unique_ptr<PGconn, void (*)(PGconn*)> connection_;
  const std::string name_;
  // The name each statement run is prepared under ("s0", "s1", ...).
  absl::flat_hash_map<std::string, std::string> prepared_;
  // Set when a pipeline could not be finished, which leaves the connection
  // in no state for another statement.
  bool broken_ = false;
};

}  // namespace chancery::eventstore::postgresql

#endif  // CHANCERY_EVENTSTORE_POSTGRESQL_CONNECTION_H_
