#include "eventstore/sqlite/sqlite_event_store.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// What only the SQLite store does; every rule of the interface is in
// eventstore/event_store_test.cc.

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::TempDir;
using ::testing::HasSubstr;

class SqliteEventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = SqliteEventStore::Open({path_, Durability::kFull});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  TempDir dir_;
  std::string path_ = dir_.File("chancery.db");
  std::unique_ptr<SqliteEventStore> store_;
};

TEST_F(SqliteEventStoreTest, BothTimesAreIndexed) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  for (const char* column : {"valid_time", "recorded_time"}) {
    std::string sql = absl::StrCat("EXPLAIN QUERY PLAN SELECT position FROM events WHERE ",
                                   column, " <= 5 ORDER BY ", column, " DESC LIMIT 1");
    sqlite3_stmt* plan = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &plan, nullptr), SQLITE_OK);
    std::string details;
    while (sqlite3_step(plan) == SQLITE_ROW) {
      details += reinterpret_cast<const char*>(sqlite3_column_text(plan, 3));
    }
    sqlite3_finalize(plan);
    EXPECT_THAT(details, HasSubstr(absl::StrCat("USING COVERING INDEX events_by_", column)));
  }
  sqlite3_close(db);
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
