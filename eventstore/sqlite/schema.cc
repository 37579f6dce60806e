#include "eventstore/sqlite/schema.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "eventstore/sqlite/store_secret.h"

namespace chancery::eventstore::sqlite {

const char kCreateSchemaV1[] = R"sql(
CREATE TABLE events (
  position      INTEGER PRIMARY KEY,  -- 1-based, gapless, commit order
  event_id      TEXT    NOT NULL UNIQUE,
  stream        TEXT    NOT NULL,
  revision      INTEGER NOT NULL,     -- 0-based within stream
  event_type    TEXT    NOT NULL,
  valid_time    INTEGER NOT NULL,     -- microseconds since the Unix epoch
  recorded_time INTEGER NOT NULL,     -- microseconds since the Unix epoch
  payload       BLOB    NOT NULL,
  hash          BLOB    NOT NULL,     -- SHA-256(previous hash || canonical bytes)
  UNIQUE (stream, revision)
);
CREATE INDEX events_by_valid_time ON events (valid_time);
CREATE INDEX events_by_recorded_time ON events (recorded_time);
)sql";

const char kAddSecretTable[] = R"sql(
CREATE TABLE secret (
  id    INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
  value BLOB    NOT NULL                     -- 32 random bytes
);
)sql";

const char kAddRecordedBy[] = R"sql(
ALTER TABLE events ADD COLUMN recorded_by TEXT NOT NULL DEFAULT '';  -- the principal; '' if none
)sql";

const char kAddSubscriptionGroups[] = R"sql(
CREATE TABLE subscription_groups (
  name        TEXT    PRIMARY KEY,
  definition  BLOB    NOT NULL,            -- chancery.v1.SubscriptionGroup, serialized
  checkpoint  INTEGER NOT NULL,            -- every event at or before it is done
  created     INTEGER NOT NULL,            -- microseconds since the Unix epoch
  owner       TEXT    NOT NULL DEFAULT '', -- the replica serving its consumers; '' if none
  owned_until INTEGER NOT NULL DEFAULT 0   -- microseconds since the Unix epoch
);
CREATE TABLE subscription_group_parked (
  group_name TEXT    NOT NULL,
  position   INTEGER NOT NULL,
  stream     TEXT    NOT NULL,
  attempts   INTEGER NOT NULL,
  last_error TEXT    NOT NULL,
  parked_at  INTEGER NOT NULL,            -- microseconds since the Unix epoch
  replaying  INTEGER NOT NULL DEFAULT 0,  -- 1: back in delivery until acknowledged
  PRIMARY KEY (group_name, position)
) WITHOUT ROWID;
)sql";

// Members replace the one serving replica (owner, owned_until) of version 4.
const char kAddGroupMembers[] = R"sql(
ALTER TABLE subscription_groups DROP COLUMN owner;
ALTER TABLE subscription_groups DROP COLUMN owned_until;
ALTER TABLE subscription_groups ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
CREATE TABLE subscription_group_members (
  group_name TEXT    NOT NULL,
  replica    TEXT    NOT NULL,
  cursor     INTEGER NOT NULL,  -- its share of the group's streams is done up to here
  expires    INTEGER NOT NULL,  -- microseconds since the Unix epoch
  PRIMARY KEY (group_name, replica)
) WITHOUT ROWID;
)sql";

const char kAddCausation[] = R"sql(
ALTER TABLE events ADD COLUMN correlation_id TEXT NOT NULL DEFAULT '';  -- '' if none
ALTER TABLE events ADD COLUMN causation_id TEXT NOT NULL DEFAULT '';    -- '' if none
)sql";

namespace {

// kMigrations[v] takes a database from schema version v to v + 1.
const char* const kMigrations[] = {kCreateSchemaV1, kAddSecretTable, kAddRecordedBy,
                                   kAddSubscriptionGroups, kAddGroupMembers, kAddCausation};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion);

absl::Status Refuse(const Connection& connection, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat("sqlite:", connection.path(), ": ", why));
}

absl::Status CheckAndMigrate(Connection& connection) {
  ASSIGN_OR_RETURN(int64_t application_id, connection.QueryInt64("PRAGMA application_id"));
  ASSIGN_OR_RETURN(int64_t version, connection.QueryInt64("PRAGMA user_version"));
  ASSIGN_OR_RETURN(int64_t tables, connection.QueryInt64("SELECT count(*) FROM sqlite_schema"));
  if (application_id == 0 && version == 0 && tables > 0) {
    return Refuse(connection,
                  "is an SQLite database of another application, not a Chancery event log; "
                  "give --store a new or existing Chancery file");
  }
  if (application_id != 0 && application_id != kApplicationId) {
    return Refuse(connection, absl::StrCat("is not a Chancery event log (application_id ",
                                           application_id, ")"));
  }
  if (version > kSchemaVersion) {
    return Refuse(connection, absl::StrCat("has schema version ", version,
                                           ", newer than this build's ", kSchemaVersion,
                                           "; run a newer chanceryd"));
  }
  for (int64_t from = version; from < kSchemaVersion; ++from) {
    RETURN_IF_ERROR(connection.Execute(kMigrations[from]));
  }
  // The secret's random bytes cannot come from SQL (randomblob is not
  // OpenSSL's generator), so the migration's row is written here.
  if (version < 2) RETURN_IF_ERROR(CreateSecret(connection));
  if (version < kSchemaVersion) {
    RETURN_IF_ERROR(connection.Execute(
        absl::StrCat("PRAGMA application_id = ", kApplicationId, "; PRAGMA user_version = ",
                     kSchemaVersion)
            .c_str()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status PrepareSchema(Connection& connection) {
  RETURN_IF_ERROR(connection.Execute("BEGIN IMMEDIATE"));
  absl::Status status = CheckAndMigrate(connection);
  if (!status.ok()) {
    (void)connection.Execute("ROLLBACK");
    return status;
  }
  return connection.Execute("COMMIT");
}

}  // namespace chancery::eventstore::sqlite
