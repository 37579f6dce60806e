#include "eventstore/testing/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

namespace chancery::testing {
namespace {

// The private server's URI, which CTest's fixture writes (naming the database "chancery").
std::string ClusterUri() {
  std::ifstream file(CHANCERY_TEST_POSTGRES_DIR "/uri");
  std::string uri;
  std::getline(file, uri);
  return std::string(absl::StripAsciiWhitespace(uri));
}

// Run runs `sql` on the server's maintenance database.
void Run(const std::string& sql) {
  PGconn* connection = PQconnectdb(TestDatabase::ServerUri("postgres").c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot reach the tests' PostgreSQL server: " << PQerrorMessage(connection);
  } else {
    PGresult* result = PQexec(connection, sql.c_str());
    if (PQresultStatus(result) != PGRES_COMMAND_OK) {
      ADD_FAILURE() << sql << ": " << PQresultErrorMessage(result);
    }
    PQclear(result);
  }
  PQfinish(connection);
}

}  // namespace

std::string TestDatabase::ServerUri(const std::string& database) {
  const std::string uri = ClusterUri();
  if (uri.empty()) {
    ADD_FAILURE() << "the tests' PostgreSQL server is not running: ctest starts it, or run "
                     "scripts/postgres-private start " CHANCERY_TEST_POSTGRES_DIR;
    return "";
  }
  return absl::StrReplaceAll(uri, {{"postgresql:///chancery?", absl::StrCat("postgresql:///", database, "?")}});
}

TestDatabase::TestDatabase() {
  static std::atomic<int> next{0};
  name_ = absl::StrCat("test_", getpid(), "_", next++);
  Run(absl::StrCat("CREATE DATABASE ", name_));
  uri_ = ServerUri(name_);
}

TestDatabase::~TestDatabase() { Run(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)")); }

}  // namespace chancery::testing
