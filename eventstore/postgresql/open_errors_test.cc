// Each way opening a PostgreSQL store can fail, each with its own clear error.

#include <libpq-fe.h>

#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

using ::chancery::testing::TestDatabase;
using ::testing::AllOf;
using ::testing::HasSubstr;

absl::Status OpenStatus(const std::string& uri) {
  return OpenEventStore(uri, Durability::kFull).status();
}

TEST(PostgresqlOpenErrorsTest, AServerNotListeningIsUnavailableAndNamed) {
  // Port 1 on loopback: nothing listens there.
  const std::string uri = "postgresql://postgres@127.0.0.1:1/chancery?connect_timeout=5";
  absl::Status status = OpenStatus(uri);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(status.message()), AllOf(HasSubstr(uri), HasSubstr("refused")));
}

TEST(PostgresqlOpenErrorsTest, ADatabaseThatDoesNotExistIsAFailedPrecondition) {
  absl::Status status = OpenStatus(TestDatabase::ServerUri("no_such_database"));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("database \"no_such_database\" does not exist"));
}

TEST(PostgresqlOpenErrorsTest, APasswordInTheUriIsRefusedBeforeConnecting) {
  for (const char* uri : {"postgresql://chancery:secret@127.0.0.1:1/chancery",
                          "postgresql://127.0.0.1:1/chancery?password=secret"}) {
    absl::Status status = OpenStatus(uri);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << uri;
    EXPECT_THAT(std::string(status.message()), HasSubstr("~/.pgpass or PGPASSWORD")) << uri;
    EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("secret"))) << uri;
  }
}

TEST(PostgresqlOpenErrorsTest, AMalformedUriIsInvalid) {
  absl::Status status = OpenStatus("postgresql://[::1/chancery");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("not a PostgreSQL connection URI"));
}

TEST(PostgresqlOpenErrorsTest, ANewerSchemaIsRefused) {
  TestDatabase database;
  ASSERT_TRUE(OpenEventStore(database.uri(), Durability::kFull).ok());
  PGconn* connection = PQconnectdb(database.uri().c_str());
  PQclear(PQexec(connection, "UPDATE chancery_schema SET version = 99"));
  PQfinish(connection);
  absl::Status status = OpenStatus(database.uri());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(status.message()),
              AllOf(HasSubstr("schema version 99"), HasSubstr("run a newer chanceryd")));
}

TEST(PostgresqlOpenErrorsTest, ReplicasOpeningANewDatabaseAtOnceCreateItOnce) {
  TestDatabase database;
  std::vector<absl::StatusOr<std::unique_ptr<EventStore>>> stores;
  for (int i = 0; i < 4; ++i) stores.emplace_back(absl::UnknownError("not opened"));
  std::vector<std::thread> openers;
  for (auto& store : stores) {
    openers.emplace_back([&] { store = OpenEventStore(database.uri(), Durability::kFull); });
  }
  for (std::thread& opener : openers) opener.join();
  std::set<std::string> secrets;
  for (auto& store : stores) {
    ASSERT_TRUE(store.ok()) << store.status();
    secrets.insert((*store)->Secret());
  }
  EXPECT_EQ(secrets.size(), 1u);  // One secret: the schema was made once.
}

}  // namespace
}  // namespace chancery::eventstore
