#include "eventstore/postgresql/schema.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/secret.h"

namespace chancery::eventstore::postgresql {
namespace {

// The same columns as SQLite's events table (docs/storage.md), times in
// microseconds since the Unix epoch.
const char kCreateSchemaV1[] = R"sql(
CREATE TABLE chancery_events (
  position      bigint PRIMARY KEY,       -- 1-based, gapless, commit order
  event_id      text   NOT NULL UNIQUE,
  stream        text   NOT NULL,
  revision      bigint NOT NULL,          -- 0-based within stream
  event_type    text   NOT NULL,
  valid_time    bigint NOT NULL,
  recorded_time bigint NOT NULL,
  payload       bytea  NOT NULL,
  hash          bytea  NOT NULL,          -- SHA-256(previous hash || canonical bytes)
  recorded_by   text   NOT NULL DEFAULT '',
  UNIQUE (stream, revision)
);
CREATE INDEX chancery_events_by_valid_time ON chancery_events (valid_time);
CREATE INDEX chancery_events_by_recorded_time ON chancery_events (recorded_time);
CREATE TABLE chancery_secret (
  id    integer PRIMARY KEY CHECK (id = 1),  -- one row
  value bytea   NOT NULL                     -- 32 random bytes
);
)sql";

// Subscription groups, as in SQLite (docs/storage.md).
const char kAddSubscriptionGroups[] = R"sql(
CREATE TABLE chancery_groups (
  name        text   PRIMARY KEY,
  definition  bytea  NOT NULL,
  checkpoint  bigint NOT NULL,
  created     bigint NOT NULL,
  owner       text   NOT NULL DEFAULT '',
  owned_until bigint NOT NULL DEFAULT 0
);
CREATE TABLE chancery_group_parked (
  group_name text    NOT NULL,
  position   bigint  NOT NULL,
  stream     text    NOT NULL,
  attempts   bigint  NOT NULL,
  last_error text    NOT NULL,
  parked_at  bigint  NOT NULL,
  replaying  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (group_name, position)
);
)sql";

// Members replace the one serving replica (owner, owned_until) of version 2.
const char kAddGroupMembers[] = R"sql(
ALTER TABLE chancery_groups DROP COLUMN owner, DROP COLUMN owned_until,
  ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
CREATE TABLE chancery_group_members (
  group_name text   NOT NULL,
  replica    text   NOT NULL,
  cursor     bigint NOT NULL,
  expires    bigint NOT NULL,
  PRIMARY KEY (group_name, replica)
);
)sql";

const char kAddCausation[] = R"sql(
ALTER TABLE chancery_events ADD COLUMN correlation_id text NOT NULL DEFAULT '',
  ADD COLUMN causation_id text NOT NULL DEFAULT '';
)sql";

// kMigrations[v] takes a database from schema version v to v + 1.
const char* const kMigrations[] = {kCreateSchemaV1, kAddSubscriptionGroups, kAddGroupMembers,
                                   kAddCausation};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

absl::StatusOr<int64_t> StoredVersion(Connection& connection) {
  ASSIGN_OR_RETURN(Result exists,
                   connection.Query("SELECT to_regclass('chancery_schema') IS NOT NULL"));
  if (exists.Bytes(0, 0) != std::string_view("\1", 1)) {
    RETURN_IF_ERROR(connection.Execute(
        "CREATE TABLE chancery_schema (version bigint NOT NULL);"
        "INSERT INTO chancery_schema VALUES (0)"));
    return 0;
  }
  ASSIGN_OR_RETURN(Result version, connection.Query("SELECT version FROM chancery_schema"));
  if (version.rows() != 1) {
    return absl::DataLossError(
        absl::StrCat(connection.name(), ": chancery_schema should hold one row, not ",
                     version.rows()));
  }
  return version.Int64(0, 0);
}

absl::StatusOr<std::string> MigrateInTransaction(Connection& connection) {
  RETURN_IF_ERROR(
      connection.Query("SELECT pg_advisory_xact_lock($1)", {Param::Int64(kSchemaLock)}).status());
  ASSIGN_OR_RETURN(int64_t version, StoredVersion(connection));
  if (version > kSchemaVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat(connection.name(), ": the database has Chancery schema version ", version,
                     ", newer than this build's ", kSchemaVersion, "; run a newer chanceryd"));
  }
  for (int64_t from = version; from < kSchemaVersion; ++from) {
    RETURN_IF_ERROR(connection.Execute(kMigrations[from]));
  }
  if (version == 0) {
    ASSIGN_OR_RETURN(std::string secret, NewSecret());
    RETURN_IF_ERROR(connection
                        .Query("INSERT INTO chancery_secret (id, value) VALUES (1, $1)",
                               {Param::Bytes(secret)})
                        .status());
  }
  if (version < kSchemaVersion) {
    RETURN_IF_ERROR(connection
                        .Query("UPDATE chancery_schema SET version = $1",
                               {Param::Int64(kSchemaVersion)})
                        .status());
  }
  ASSIGN_OR_RETURN(Result secret, connection.Query("SELECT value FROM chancery_secret"));
  if (secret.rows() != 1 || secret.Bytes(0, 0).size() != kSecretSize) {
    return absl::DataLossError(
        absl::StrCat(connection.name(), ": the database's secret is missing or damaged"));
  }
  return std::string(secret.Bytes(0, 0));
}

}  // namespace

absl::StatusOr<std::string> PrepareSchema(Connection& connection) {
  RETURN_IF_ERROR(connection.Execute("BEGIN"));
  absl::StatusOr<std::string> secret = MigrateInTransaction(connection);
  if (!secret.ok()) {
    (void)connection.Execute("ROLLBACK");
    return secret.status();
  }
  RETURN_IF_ERROR(connection.Execute("COMMIT"));
  return secret;
}

}  // namespace chancery::eventstore::postgresql
