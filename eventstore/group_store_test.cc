#include "eventstore/group_store.h"

#include <optional>

#include "eventstore/event_store.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "eventstore/testing/test_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// Every rule of the GroupStore interface, for each backend. (A named
// namespace: unity builds compile this with event_store_test.cc.)

namespace chancery::eventstore::group_store_test {

using ::chancery::testing::TempDir;
using ::chancery::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

enum class Backend { kSqlite, kPostgresql };

const absl::Time kNow = absl::FromUnixSeconds(1800000000);

StoredGroup Group(const std::string& name, const std::string& definition = "definition") {
  StoredGroup group;
  group.name = name;
  group.definition = definition;
  group.checkpoint = 7;
  group.created = absl::FromUnixMicros(1700000000123456);
  return group;
}

ParkedEvent Parked(uint64_t position, uint32_t attempts = 5) {
  ParkedEvent event;
  event.position = position;
  event.stream = "KHM-USA";
  event.attempts = attempts;
  event.last_error = "handler failed";
  event.parked_at = absl::FromUnixMicros(1700000000654321);
  return event;
}

std::vector<uint64_t> Positions(const std::vector<ParkedEvent>& events) {
  std::vector<uint64_t> positions;
  for (const ParkedEvent& event : events) positions.push_back(event.position);
  return positions;
}

class GroupStoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgresql) {
      database_.emplace();
      uri_ = database_->uri();
    } else {
      uri_ = "sqlite:" + dir_.File("chancery.db");
    }
    Reopen();
  }

  void Reopen() {
    store_.reset();
    auto store = OpenEventStore(uri_, Durability::kFull);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  GroupStore& groups() { return store_->Groups(); }

  TempDir dir_;
  std::optional<TestDatabase> database_;
  std::string uri_;
  std::unique_ptr<EventStore> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, GroupStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return info.param == Backend::kSqlite ? "Sqlite" : "Postgresql";
                         });

TEST_P(GroupStoreTest, CreateKeepsTheFirstGroupOfAName) {
  auto created = groups().Create(Group("alerts", "first"));
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->second);
  auto again = groups().Create(Group("alerts", "second"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->second);
  EXPECT_EQ(again->first.definition, "first");
  EXPECT_EQ(again->first.checkpoint, 7u);
  EXPECT_EQ(again->first.created, absl::FromUnixMicros(1700000000123456));
}

TEST_P(GroupStoreTest, ListsByNameAndDeletesWithParkedEvents) {
  ASSERT_TRUE(groups().Create(Group("b")).ok());
  ASSERT_TRUE(groups().Create(Group("a")).ok());
  ASSERT_TRUE(groups().Park("b", Parked(3)).ok());
  auto listed = groups().List();
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "a");
  EXPECT_EQ((*listed)[1].name, "b");

  ASSERT_TRUE(groups().Delete("b").ok());
  EXPECT_TRUE(absl::IsNotFound(groups().Get("b").status()));
  EXPECT_TRUE(absl::IsNotFound(groups().Delete("b")));
  // A group created again under the name starts with no parked events.
  ASSERT_TRUE(groups().Create(Group("b")).ok());
  EXPECT_EQ(*groups().CountParked("b"), 0u);
  absl::Status missing = groups().Get("c").status();
  EXPECT_TRUE(absl::IsNotFound(missing));
  EXPECT_THAT(missing.message(), HasSubstr("\"c\""));
}

TEST_P(GroupStoreTest, AReplicaJoiningOrLeavingStartsEveryMemberAgainFromTheLowestCursor) {
  ASSERT_TRUE(groups().Create(Group("alerts")).ok());
  auto a = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(10));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_THAT(a->replicas, ElementsAre("replica-a"));
  EXPECT_EQ(a->cursor, 7u);  // The group's checkpoint.
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-a", a->epoch, 20).ok());
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 20u);
  // Renewing changes nothing else.
  auto renewed = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(20));
  EXPECT_EQ(renewed->epoch, a->epoch);
  EXPECT_EQ(renewed->cursor, 20u);

  // B joins: both members start again from 20, in a new epoch, and A's
  // saves from the old epoch are refused.
  auto b = groups().Renew("alerts", "replica-b", kNow, kNow + absl::Seconds(10));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_THAT(b->replicas, ElementsAre("replica-a", "replica-b"));
  EXPECT_GT(b->epoch, a->epoch);
  EXPECT_EQ(b->cursor, 20u);
  absl::Status stale = groups().SaveCursor("alerts", "replica-a", a->epoch, 30);
  EXPECT_TRUE(absl::IsFailedPrecondition(stale)) << stale;
  EXPECT_THAT(stale.message(), HasSubstr("\"alerts\""));
  a = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(20));
  EXPECT_EQ(a->epoch, b->epoch);
  EXPECT_EQ(a->cursor, 20u);

  // The checkpoint is the lowest cursor.
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-a", a->epoch, 35).ok());
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-b", b->epoch, 28).ok());
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 28u);

  // B's lease lapses: A, renewing, drops it and starts again from B's 28.
  a = groups().Renew("alerts", "replica-a", kNow + absl::Seconds(15), kNow + absl::Seconds(25));
  EXPECT_THAT(a->replicas, ElementsAre("replica-a"));
  EXPECT_GT(a->epoch, b->epoch);
  EXPECT_EQ(a->cursor, 28u);
  EXPECT_TRUE(absl::IsFailedPrecondition(groups().SaveCursor("alerts", "replica-b", b->epoch, 40)));

  // B comes back, then leaves: A starts again from the lower of the two.
  b = groups().Renew("alerts", "replica-b", kNow + absl::Seconds(16), kNow + absl::Seconds(26));
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-b", b->epoch, 33).ok());
  ASSERT_TRUE(groups().Leave("alerts", "replica-b", b->epoch, 34).ok());
  a = groups().Renew("alerts", "replica-a", kNow + absl::Seconds(17), kNow + absl::Seconds(27));
  EXPECT_THAT(a->replicas, ElementsAre("replica-a"));
  EXPECT_EQ(a->cursor, 28u);
  // The last member to leave leaves its cursor as the checkpoint.
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-a", a->epoch, 50).ok());
  ASSERT_TRUE(groups().Leave("alerts", "replica-a", a->epoch, 51).ok());
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 51u);
  EXPECT_TRUE(groups().Leave("alerts", "replica-a", a->epoch, 60).ok());  // Not a member.
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 51u);

  EXPECT_TRUE(absl::IsNotFound(groups().Renew("none", "replica-a", kNow, kNow).status()));
  EXPECT_TRUE(absl::IsNotFound(groups().SaveCursor("none", "replica-a", 0, 1)));
}

TEST_P(GroupStoreTest, ResetAndReplayStartEveryMemberAgain) {
  ASSERT_TRUE(groups().Create(Group("alerts")).ok());
  auto a = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(10));
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-a", a->epoch, 20).ok());
  ASSERT_TRUE(groups().Reset("alerts", 3).ok());
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 3u);
  // A's cursor from before the reset is stale, even as it leaves.
  EXPECT_TRUE(absl::IsFailedPrecondition(groups().SaveCursor("alerts", "replica-a", a->epoch, 21)));
  auto after_reset = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(10));
  EXPECT_EQ(after_reset->cursor, 3u);

  ASSERT_TRUE(groups().Park("alerts", Parked(2)).ok());
  ASSERT_TRUE(groups().MarkReplaying("alerts", {}).ok());
  auto after_replay = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(10));
  EXPECT_GT(after_replay->epoch, after_reset->epoch);
  ASSERT_TRUE(groups().Leave("alerts", "replica-a", after_reset->epoch, 9).ok());
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 3u);
  EXPECT_TRUE(absl::IsNotFound(groups().Reset("none", 1)));
}

TEST_P(GroupStoreTest, ParkedEventsAreListedInPagesMarkedReplayedAndRemoved) {
  ASSERT_TRUE(groups().Create(Group("alerts")).ok());
  for (uint64_t position : {12, 4, 8}) ASSERT_TRUE(groups().Park("alerts", Parked(position)).ok());
  auto first = groups().ListParked("alerts", 0, 2);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Positions(*first), ElementsAre(4, 8));
  EXPECT_EQ((*first)[0].stream, "KHM-USA");
  EXPECT_EQ((*first)[0].attempts, 5u);
  EXPECT_EQ((*first)[0].last_error, "handler failed");
  EXPECT_EQ((*first)[0].parked_at, absl::FromUnixMicros(1700000000654321));
  EXPECT_FALSE((*first)[0].replaying);
  EXPECT_THAT(Positions(*groups().ListParked("alerts", 8, 2)), ElementsAre(12));
  EXPECT_EQ(*groups().CountParked("alerts"), 3u);
  EXPECT_TRUE(absl::IsNotFound(groups().ListParked("none", 0, 2).status()));

  auto marked = groups().MarkReplaying("alerts", {12, 99});
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_THAT(Positions(*marked), ElementsAre(12));
  EXPECT_THAT(Positions(*groups().Replaying("alerts")), ElementsAre(12));
  // Parked again after failing once more: no longer replaying.
  ASSERT_TRUE(groups().Park("alerts", Parked(12, 7)).ok());
  EXPECT_THAT(Positions(*groups().Replaying("alerts")), ElementsAre());
  EXPECT_EQ((*groups().ListParked("alerts", 8, 1))[0].attempts, 7u);

  EXPECT_THAT(Positions(*groups().MarkReplaying("alerts", {})), ElementsAre(4, 8, 12));
  ASSERT_TRUE(groups().Unpark("alerts", 8).ok());
  EXPECT_THAT(Positions(*groups().Replaying("alerts")), ElementsAre(4, 12));
}

TEST_P(GroupStoreTest, KeepsEverythingAcrossAReopen) {
  ASSERT_TRUE(groups().Create(Group("alerts")).ok());
  auto a = groups().Renew("alerts", "replica-a", kNow, kNow + absl::Seconds(10));
  ASSERT_TRUE(groups().SaveCursor("alerts", "replica-a", a->epoch, 42).ok());
  ASSERT_TRUE(groups().Park("alerts", Parked(40)).ok());
  Reopen();
  EXPECT_EQ(groups().Get("alerts")->checkpoint, 42u);
  EXPECT_EQ(groups().Get("alerts")->definition, "definition");
  EXPECT_THAT(Positions(*groups().ListParked("alerts", 0, 10)), ElementsAre(40));
}

}  // namespace chancery::eventstore::group_store_test
