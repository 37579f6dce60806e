// OwnPostgresServer: a private PostgreSQL server of one test's own
// (scripts/postgres-private in a temporary directory), for tests that stop
// and start it, which would disturb every other test on the shared one.

#ifndef CHANCERY_EVENTSTORE_TESTING_OWN_POSTGRES_SERVER_H_
#define CHANCERY_EVENTSTORE_TESTING_OWN_POSTGRES_SERVER_H_

#include <string>

#include "eventstore/testing/temp_dir.h"

namespace chancery::testing {

class OwnPostgresServer {
 public:
  // Starts it (a failed start fails the test).
  OwnPostgresServer();
  // Stops it and removes its files.
  ~OwnPostgresServer();
  OwnPostgresServer(const OwnPostgresServer&) = delete;
  OwnPostgresServer& operator=(const OwnPostgresServer&) = delete;

  void Start();
  void Stop();
  // The libpq URI of its database "chancery".
  std::string uri() const;

 private:
  void Run(const char* command);

  TempDir dir_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_OWN_POSTGRES_SERVER_H_
