// CheckBackup (eventstore/backup.h) for SQLite files.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "eventstore/backup.h"
#include "eventstore/sqlite/chain_walk.h"
#include "eventstore/sqlite/connection.h"
#include "eventstore/sqlite/schema.h"

namespace chancery::eventstore {

// The findings of SQLite's integrity check quoted at most.
constexpr int kMaxFindings = 5;

absl::StatusOr<VerifyResult> CheckBackup(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<sqlite::Connection> connection,
                   sqlite::Connection::Open(path, SQLITE_OPEN_READWRITE));
  // With writable_schema on, SQLite reads a file shorter than its header says
  // (a truncated copy) as far as it goes instead of refusing it whole, so the
  // walk can name the first record lost.
  RETURN_IF_ERROR(connection->Execute("PRAGMA writable_schema = ON"));
  ASSIGN_OR_RETURN(int64_t application, connection->QueryInt64("PRAGMA application_id"));
  if (application != sqlite::kApplicationId) {
    return absl::DataLossError(absl::StrCat("sqlite:", path, ": is not a Chancery database"));
  }
  // A copy of an older database (one copied by hand while chanceryd was
  // stopped) lacks columns the walk reads: the copy is migrated first, as
  // chanceryd would migrate it at start, with the schema checked as usual.
  ASSIGN_OR_RETURN(int64_t version, connection->QueryInt64("PRAGMA user_version"));
  if (version < sqlite::kSchemaVersion) {
    RETURN_IF_ERROR(connection->Execute("PRAGMA writable_schema = OFF"));
    RETURN_IF_ERROR(sqlite::PrepareSchema(*connection));
    RETURN_IF_ERROR(connection->Execute("PRAGMA writable_schema = ON"));
  }
  ASSIGN_OR_RETURN(VerifyResult chain, sqlite::WalkChain(*connection));
  if (!chain.ok()) return chain;
  ASSIGN_OR_RETURN(sqlite::Statement check, connection->Prepare(absl::StrCat(
                                                "PRAGMA integrity_check(", kMaxFindings, ")")));
  std::vector<std::string> findings;
  while (true) {
    ASSIGN_OR_RETURN(bool row, check.Step());
    if (!row) break;
    findings.emplace_back(check.ColumnBytes(0));
  }
  if (findings.size() != 1 || findings[0] != "ok") {
    return absl::DataLossError(absl::StrCat(
        "sqlite:", path, ": positions 1 to ", chain.event_count,
        " verify, but SQLite's integrity check fails: ", absl::StrJoin(findings, "; ")));
  }
  return chain;
}

}  // namespace chancery::eventstore
