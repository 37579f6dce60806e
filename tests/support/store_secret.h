// The database's secret read or replaced behind chanceryd's back, for tests
// that forge what it signs (page tokens, snapshots) or make a database
// another one as far as the secret goes. chanceryd must not be running on
// the file when ReplaceStoreSecret runs.

#ifndef CHANCERY_TESTS_SUPPORT_STORE_SECRET_H_
#define CHANCERY_TESTS_SUPPORT_STORE_SECRET_H_

#include <sqlite3.h>

#include <string>

#include "gtest/gtest.h"

namespace chancery::testing {

inline std::string ReadStoreSecret(const std::string& db_path) {
  sqlite3* db = nullptr;
  std::string secret;
  sqlite3_stmt* query = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT value FROM secret", -1, &query, nullptr) == SQLITE_OK &&
      sqlite3_step(query) == SQLITE_ROW) {
    secret.assign(static_cast<const char*>(sqlite3_column_blob(query, 0)),
                  sqlite3_column_bytes(query, 0));
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  EXPECT_EQ(secret.size(), 32u) << "no secret in " << db_path;
  return secret;
}

inline void ReplaceStoreSecret(const std::string& db_path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, "UPDATE secret SET value = randomblob(32)", nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_SUPPORT_STORE_SECRET_H_
