// TestDatabase: a new, empty database on the tests' private PostgreSQL
// server (scripts/postgres-private, started by CTest's fixture "postgres"),
// dropped when the test is done with it.

#ifndef CHANCERY_EVENTSTORE_TESTING_TEST_DATABASE_H_
#define CHANCERY_EVENTSTORE_TESTING_TEST_DATABASE_H_

#include <string>

namespace chancery::testing {

class TestDatabase {
 public:
  // Creates the database; a test that cannot have one fails, saying how to
  // start the server.
  TestDatabase();
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // The database's libpq connection URI.
  const std::string& uri() const { return uri_; }
  // The server's URI with `database` in place of the database.
  static std::string ServerUri(const std::string& database);

 private:
  std::string name_;
  std::string uri_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_TEST_DATABASE_H_
