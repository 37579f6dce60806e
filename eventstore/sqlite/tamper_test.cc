// Changing any stored byte breaks the hash chain at exactly that position.

#include <sqlite3.h>

#include "absl/strings/escaping.h"
#include "eventstore/hash_chain.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TempDir;

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Open();
    for (int i = 0; i < 20; ++i) {
      EventData event = MakeEvent(absl::StrCat("e", i), "letter of intent");
      if (i >= 4) event.recorded_by = "ingest";  // From position 5, recorded under a principal.
      if (i >= 10) event.causation_id = absl::StrCat("e", i - 1);  // From 11, reactions.
      ASSERT_TRUE(
          store->Append(OneStream(i % 2 ? "KHM-USA" : "CHN-KHM", ExpectedRevision::Any(), {event}))
              .ok());
    }
  }

  std::unique_ptr<SqliteEventStore> Open() {
    auto store = SqliteEventStore::Open({path_, Durability::kFull});
    EXPECT_TRUE(store.ok()) << store.status();
    return std::move(*store);
  }

  // Tamper runs `sql` on the database directly, as an attacker with the file would.
  void Tamper(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    ASSERT_EQ(sqlite3_changes(db), 1);
    sqlite3_close(db);
  }

  uint64_t FirstBadPosition() {
    auto verified = Open()->VerifyChain();
    EXPECT_TRUE(verified.ok()) << verified.status();
    return verified->first_bad_position;
  }

  TempDir dir_;
  std::string path_ = dir_.File("chancery.db");
};

TEST_F(TamperTest, AnUntouchedLogVerifies) { EXPECT_EQ(FirstBadPosition(), 0u); }

TEST_F(TamperTest, OneChangedPayloadByteIsNamed) {
  // 'l' -> 'L' in the payload of position 7.
  Tamper("UPDATE events SET payload = CAST('Letter of intent' AS BLOB) WHERE position = 7");
  EXPECT_EQ(FirstBadPosition(), 7u);
}

class TamperEachFieldTest : public TamperTest,
                            public ::testing::WithParamInterface<const char*> {};

TEST_P(TamperEachFieldTest, IsNamed) {
  Tamper(GetParam());
  EXPECT_EQ(FirstBadPosition(), 3u);
}

INSTANTIATE_TEST_SUITE_P(
    StoredFields, TamperEachFieldTest,
    ::testing::Values("UPDATE events SET stream = 'KHM-USB' WHERE position = 3",
                      "UPDATE events SET revision = revision + 100 WHERE position = 3",
                      "UPDATE events SET event_id = 'forged' WHERE position = 3",
                      "UPDATE events SET event_type = 'test.Forged' WHERE position = 3",
                      "UPDATE events SET valid_time = valid_time + 1 WHERE position = 3",
                      "UPDATE events SET recorded_time = recorded_time - 1 WHERE position = 3",
                      "UPDATE events SET hash = zeroblob(32) WHERE position = 3",
                      "UPDATE events SET recorded_by = 'mallory' WHERE position = 3",
                      "UPDATE events SET correlation_id = 'forged' WHERE position = 3",
                      "UPDATE events SET causation_id = 'forged' WHERE position = 3"));

TEST_F(TamperTest, WhoRecordedAnEventIsHashed) {
  Tamper("UPDATE events SET recorded_by = 'mallory' WHERE position = 9");
  EXPECT_EQ(FirstBadPosition(), 9u);
}

TEST_F(TamperTest, ErasingWhoRecordedAnEventIsNamed) {
  Tamper("UPDATE events SET recorded_by = '' WHERE position = 6");
  EXPECT_EQ(FirstBadPosition(), 6u);
}

TEST_F(TamperTest, ErasingWhatCausedAnEventIsNamed) {
  Tamper("UPDATE events SET causation_id = '' WHERE position = 14");
  EXPECT_EQ(FirstBadPosition(), 14u);
}

TEST_F(TamperTest, ADeletedEventIsNamed) {
  Tamper("DELETE FROM events WHERE position = 12");
  EXPECT_EQ(FirstBadPosition(), 12u);
}

TEST_F(TamperTest, ReHashingAnEditedEventBreaksTheNextLink) {
  // An attacker who edits position 19 and recomputes its hash still cannot
  // make position 20 link to it without rewriting the rest of the chain.
  auto log = *Open()->ReadLog({18, "", {}, 2});
  RecordedEvent forged = log[1];
  forged.data.payload = "forged";
  std::string hash = absl::BytesToHexString(ChainHash(log[0].hash, forged));
  Tamper(absl::StrCat("UPDATE events SET payload = CAST('forged' AS BLOB), hash = X'", hash,
                      "' WHERE position = 19"));
  EXPECT_EQ(FirstBadPosition(), 20u);
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
