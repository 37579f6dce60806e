#include "eventstore/sqlite/store_secret.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/secret.h"

namespace chancery::eventstore::sqlite {

absl::Status CreateSecret(Connection& connection) {
  ASSIGN_OR_RETURN(std::string secret, NewSecret());
  ASSIGN_OR_RETURN(Statement insert,
                   connection.Prepare("INSERT INTO secret (id, value) VALUES (1, ?1)"));
  insert.BindBlob(1, secret);
  return insert.Run();
}

absl::StatusOr<std::string> ReadSecret(Connection& connection) {
  ASSIGN_OR_RETURN(Statement query, connection.Prepare("SELECT value FROM secret WHERE id = 1"));
  ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row || query.ColumnBytes(0).size() != kSecretSize) {
    return absl::DataLossError(absl::StrCat(
        "sqlite:", connection.path(), ": the database's secret is missing or damaged"));
  }
  return std::string(query.ColumnBytes(0));
}

}  // namespace chancery::eventstore::sqlite
