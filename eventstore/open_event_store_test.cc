#include "eventstore/open_event_store.h"

#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

using ::testing::HasSubstr;

TEST(OpenEventStoreTest, OpensAnSqliteUri) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<EventStore>> store =
      OpenEventStore("sqlite:" + dir.File("events.db"), Durability::kNormal);
  ASSERT_TRUE(store.ok()) << store.status();
}

TEST(OpenEventStoreTest, AnUnknownSchemeNamesTheOnesThisBuildKnows) {
  for (const char* uri : {"mysql://localhost/db", "sqlite:", "events.db"}) {
    absl::StatusOr<std::unique_ptr<EventStore>> store = OpenEventStore(uri, Durability::kFull);
    EXPECT_EQ(store.status().code(), absl::StatusCode::kInvalidArgument) << uri;
    EXPECT_THAT(std::string(store.status().message()),
                HasSubstr("use sqlite:PATH or postgresql://USER@HOST:PORT/DB"))
        << uri;
  }
}

TEST(SidecarPathTest, BesideTheSqliteDatabase) {
  EXPECT_EQ(SidecarPath("sqlite:/var/lib/chancery.db", ".projections"),
            "/var/lib/chancery.db.projections");
  EXPECT_EQ(SidecarPath("sqlite:chancery.db", ".projections"), "chancery.db.projections");
}

TEST(SidecarPathTest, NoneForAStoreWithoutALocalFile) {
  EXPECT_EQ(SidecarPath("sqlite:", ".projections"), "");
  EXPECT_EQ(SidecarPath("postgresql://localhost/chancery", ".projections"), "");
}

}  // namespace
}  // namespace chancery::eventstore
