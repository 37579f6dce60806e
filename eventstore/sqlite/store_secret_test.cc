// The database's secret: created with the database, kept across opens, and
// added by the migration to a version 1 database.

#include "eventstore/sqlite/store_secret.h"

#include <sqlite3.h>

#include "eventstore/sqlite/schema.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::TempDir;

std::string SecretOf(const std::string& path) {
  auto store = SqliteEventStore::Open({path, Durability::kFull, {}, ""});
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? (*store)->Secret() : "";
}

int64_t UserVersion(const std::string& path) {
  auto connection = Connection::Open(path, SQLITE_OPEN_READONLY);
  EXPECT_TRUE(connection.ok());
  return *(*connection)->QueryInt64("PRAGMA user_version");
}

TEST(StoreSecretTest, ANewDatabaseHasItsOwnSecretThatLastsAcrossOpens) {
  TempDir dir;
  const std::string first = SecretOf(dir.File("a.db"));
  EXPECT_EQ(first.size(), 32u);
  EXPECT_EQ(SecretOf(dir.File("a.db")), first);
  EXPECT_NE(SecretOf(dir.File("b.db")), first);
}

TEST(StoreSecretTest, AVersion1DatabaseGetsASecretAtOpen) {
  TempDir dir;
  const std::string path = dir.File("v1.db");
  {
    auto connection = Connection::Open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE((*connection)->Execute(kCreateSchemaV1).ok());
    ASSERT_TRUE(
        (*connection)->Execute("PRAGMA application_id = 0x43484E43; PRAGMA user_version = 1").ok());
  }
  const std::string secret = SecretOf(path);
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(UserVersion(path), kSchemaVersion);
  EXPECT_EQ(SecretOf(path), secret);
}

TEST(StoreSecretTest, AMissingSecretIsDataLoss) {
  TempDir dir;
  const std::string path = dir.File("a.db");
  SecretOf(path);
  {
    auto connection = Connection::Open(path, SQLITE_OPEN_READWRITE);
    ASSERT_TRUE(connection.ok());
    ASSERT_TRUE((*connection)->Execute("DELETE FROM secret").ok());
  }
  EXPECT_EQ(SqliteEventStore::Open({path, Durability::kFull, {}, ""}).status().code(),
            absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
