#include "eventstore/sqlite/chain_walk.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/chain_verifier.h"
#include "eventstore/sqlite/event_rows.h"

namespace chancery::eventstore::sqlite {

absl::StatusOr<VerifyResult> WalkChain(Connection& connection) {
  ASSIGN_OR_RETURN(Statement query,
                   connection.Prepare(absl::StrCat("SELECT ", kEventColumns,
                                                   " FROM events ORDER BY position")));
  ChainVerifier verifier;
  while (true) {
    absl::StatusOr<bool> row = query.Step();
    if (!row.ok()) {
      const uint64_t verified = verifier.result().event_count;
      return absl::Status(
          row.status().code(),
          absl::StrCat("position ", verified + 1, " cannot be read",
                       verified == 0 ? "" : absl::StrCat(" (positions 1 to ", verified, " verify)"),
                       ": ", row.status().message()));
    }
    if (!*row || !verifier.Check(EventFromRow(query))) return verifier.result();
  }
}

}  // namespace chancery::eventstore::sqlite
