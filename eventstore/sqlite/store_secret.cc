#include "eventstore/sqlite/store_secret.h"

#include <openssl/rand.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace chancery::eventstore::sqlite {
namespace {

constexpr size_t kSecretSize = 32;

}  // namespace

absl::Status CreateSecret(Connection& connection) {
  std::string secret(kSecretSize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), kSecretSize) != 1) {
    return absl::InternalError(
        absl::StrCat("sqlite:", connection.path(), ": OpenSSL cannot generate a secret"));
  }
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
