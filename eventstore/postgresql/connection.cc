#include "eventstore/postgresql/connection.h"

#include <endian.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"

namespace chancery::eventstore::postgresql {
namespace {

// libpq's messages end with a newline.
std::string Message(const char* text) {
  return std::string(absl::StripTrailingAsciiWhitespace(text == nullptr ? "" : text));
}

// HasPassword: whether `uri` carries a password, in its user part or as a parameter.
absl::StatusOr<bool> HasPassword(const std::string& uri) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(uri.c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? Message(error) : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(
        absl::StrCat("store \"", uri, "\" is not a PostgreSQL connection URI: ", why));
  }
  bool password = false;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr &&
        option->val[0] != '\0') {
      password = true;
    }
  }
  PQconninfoFree(options);
  return password;
}

// The SQLSTATE classes and codes that say the server cannot serve now.
bool IsUnavailable(absl::string_view state) {
  return absl::StartsWith(state, "08") ||  // connection exception
         absl::StartsWith(state, "53") ||  // insufficient resources (disk full, memory)
         absl::StartsWith(state, "57P");   // shut down, starting, cannot connect now
}

}  // namespace

Param Param::Int64(int64_t value) {
  const uint64_t network = htobe64(static_cast<uint64_t>(value));
  return Param(std::string(reinterpret_cast<const char*>(&network), sizeof(network)), true);
}

std::string_view Result::Bytes(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<size_t>(PQgetlength(result_.get(), row, column))};
}

int64_t Result::Int64(int row, int column) const {
  uint64_t network = 0;
  std::string_view bytes = Bytes(row, column);
  std::memcpy(&network, bytes.data(), std::min(bytes.size(), sizeof(network)));
  return static_cast<int64_t>(be64toh(network));
}

int64_t Result::Changed() const {
  const char* changed = PQcmdTuples(result_.get());
  return changed[0] == '\0' ? 0 : std::strtoll(changed, nullptr, 10);
}

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(const std::string& uri) {
  absl::StatusOr<bool> password = HasPassword(uri);
  if (!password.ok()) return password.status();
  if (*password) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the store URI holds a password, which would show in process lists and logs; put it in "
        "~/.pgpass or PGPASSWORD instead (libpq reads both)"));
  }
  PGconn* raw = PQconnectdb(uri.c_str());
  if (raw == nullptr) return absl::ResourceExhaustedError("libpq could not allocate a connection");
  std::unique_ptr<Connection> connection(new Connection(raw, uri));
  if (PQstatus(raw) != CONNECTION_OK) {
    const std::string why = Message(PQerrorMessage(raw));
    const std::string message = absl::StrCat(uri, ": ", why);
    // The server answered, and refused this database or user: no retry helps.
    if (absl::StrContains(why, "does not exist") ||
        absl::StrContains(why, "authentication failed") ||
        absl::StrContains(why, "no password supplied") ||
        absl::StrContains(why, "no pg_hba.conf entry") ||
        absl::StrContains(why, "permission denied")) {
      return absl::FailedPreconditionError(message);
    }
    return absl::UnavailableError(message);
  }
  // Every query of the store has an index to use. A prepared statement's
  // plan, made while the table was small or not yet analyzed, would
  // otherwise go on scanning the whole table once it has grown.
  if (absl::Status set = connection->Execute("SET enable_seqscan = off"); !set.ok()) return set;
  return connection;
}

absl::Status Connection::Failed(const PGresult* result) const {
  const char* state_field = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string state = state_field != nullptr ? state_field : "";
  const std::string message =
      absl::StrCat(name_, ": ", Message(result != nullptr ? PQresultErrorMessage(result) : nullptr),
                   result == nullptr ? Message(PQerrorMessage(connection_.get())) : "");
  if (!ok() || IsUnavailable(state)) return absl::UnavailableError(message);
  if (state == "40001" || state == "40P01") return absl::AbortedError(message);
  if (state == "23505") return absl::AlreadyExistsError(message);
  if (absl::StartsWith(state, "28") || absl::StartsWith(state, "3D") ||
      absl::StartsWith(state, "42")) {
    return absl::FailedPreconditionError(message);
  }
  return absl::InternalError(message);
}

absl::Status Connection::Execute(const std::string& sql) {
  Result result(PQexec(connection_.get(), sql.c_str()));
  const ExecStatusType status = PQresultStatus(result.raw());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return absl::OkStatus();
  return Failed(result.raw());
}

namespace {

// The parameters of a statement as libpq takes them; valid while the
// Params live.
struct ParamArrays {
  explicit ParamArrays(const std::vector<Param>& params) {
    for (const Param& param : params) {
      values.push_back(param.value().data());
      lengths.push_back(static_cast<int>(param.value().size()));
      formats.push_back(param.binary() ? 1 : 0);
    }
  }
  int count() const { return static_cast<int>(values.size()); }
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
};

bool Succeeded(const PGresult* result) {
  const ExecStatusType status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

absl::StatusOr<std::string> Connection::Prepared(const std::string& sql, size_t param_count) {
  auto [entry, added] = prepared_.try_emplace(sql, absl::StrCat("s", prepared_.size()));
  if (added) {
    Result prepared(PQprepare(connection_.get(), entry->second.c_str(), sql.c_str(),
                              static_cast<int>(param_count), nullptr));
    if (PQresultStatus(prepared.raw()) != PGRES_COMMAND_OK) {
      prepared_.erase(entry);
      return Failed(prepared.raw());
    }
  }
  return entry->second;
}

absl::StatusOr<Result> Connection::Query(const std::string& sql, const std::vector<Param>& params) {
  ASSIGN_OR_RETURN(std::string name, Prepared(sql, params.size()));
  const ParamArrays arrays(params);
  Result result(PQexecPrepared(connection_.get(), name.c_str(), arrays.count(),
                               arrays.values.data(), arrays.lengths.data(), arrays.formats.data(),
                               /*resultFormat=*/1));
  if (Succeeded(result.raw())) return result;
  return Failed(result.raw());
}

absl::StatusOr<std::vector<Result>> Connection::Pipeline(const std::vector<Statement>& statements) {
  // Statements are prepared before the pipeline starts: the first time
  // only, and so a statement the server cannot parse fails on its own.
  std::vector<std::string> names;
  for (const Statement& statement : statements) {
    ASSIGN_OR_RETURN(std::string name, Prepared(statement.sql, statement.params.size()));
    names.push_back(std::move(name));
  }
  if (PQenterPipelineMode(connection_.get()) == 0) return Failed(nullptr);
  absl::Status sent;
  for (size_t i = 0; i < statements.size() && sent.ok(); ++i) sent = Send(names[i], statements[i]);
  if (sent.ok() && PQpipelineSync(connection_.get()) == 0) sent = Failed(nullptr);
  if (!sent.ok()) {
    broken_ = true;  // A pipeline left half sent cannot be ended.
    return sent;
  }
  absl::StatusOr<std::vector<Result>> results = Collect(statements.size());
  if (PQexitPipelineMode(connection_.get()) == 0) {
    broken_ = true;
    if (results.ok()) return Failed(nullptr);
  }
  return results;
}

absl::Status Connection::Send(const std::string& name, const Statement& statement) {
  const ParamArrays arrays(statement.params);
  if (PQsendQueryPrepared(connection_.get(), name.c_str(), arrays.count(), arrays.values.data(),
                          arrays.lengths.data(), arrays.formats.data(),
                          /*resultFormat=*/1) == 0) {
    return Failed(nullptr);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Result>> Connection::Collect(size_t count) {
  std::vector<Result> results;
  absl::Status first_error;
  for (size_t i = 0; i < count; ++i) {
    PGresult* raw = PQgetResult(connection_.get());
    if (raw == nullptr) {  // The connection is lost.
      broken_ = true;
      return Failed(nullptr);
    }
    Result result(raw);
    if (!Succeeded(raw) && first_error.ok()) {
      // PGRES_PIPELINE_ABORTED follows the first failure: that one is the error.
      first_error = PQresultStatus(raw) == PGRES_PIPELINE_ABORTED
                        ? absl::InternalError("a statement of the pipeline was not run")
                        : Failed(raw);
    }
    results.push_back(std::move(result));
    if (PGresult* extra = PQgetResult(connection_.get())) {  // One result each: none expected.
      PQclear(extra);
      broken_ = true;
      return absl::InternalError(absl::StrCat(name_, ": a statement returned more than one result"));
    }
  }
  Result end(PQgetResult(connection_.get()));
  if (PQresultStatus(end.raw()) != PGRES_PIPELINE_SYNC) return Failed(end.raw());
  if (!first_error.ok()) return first_error;
  return results;
}

std::vector<std::string> Connection::TakeNotifications() {
  std::vector<std::string> payloads;
  while (PGnotify* notify = PQnotifies(connection_.get())) {
    payloads.emplace_back(notify->extra);
    PQfreemem(notify);
  }
  return payloads;
}

absl::Status Connection::WaitReadable(int timeout_ms, int wake_fd) {
  pollfd descriptors[2] = {{PQsocket(connection_.get()), POLLIN, 0}, {wake_fd, POLLIN, 0}};
  if (descriptors[0].fd < 0) return Failed(nullptr);
  if (poll(descriptors, wake_fd < 0 ? 1 : 2, timeout_ms) < 0 && errno != EINTR) {
    return absl::UnavailableError(absl::StrCat(name_, ": poll: ", std::strerror(errno)));
  }
  if (PQconsumeInput(connection_.get()) == 0) return Failed(nullptr);
  return absl::OkStatus();
}

}  // namespace chancery::eventstore::postgresql
