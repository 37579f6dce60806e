// Projections under readers that never all let go: the follower's Apply
// still gets in, and a reader's CatchUpWith sees its write.

#include "services/server/projections.h"

#include <atomic>
#include <thread>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "eventstore/open_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"
#include "services/domain/day.h"
#include "services/domain/event_normalizer.h"
#include "services/domain/streams.h"
#include "services/projection/fold_event.h"
#include "services/server/log_record_codec.h"

namespace chancery::server {
namespace {

// AppendEvent appends the USA->KHM event number `n` and returns it as published.
SharedRecord AppendEvent(eventstore::EventStore& store, int n) {
  v1::DiplomaticEvent event;
  event.set_event_id(absl::StrFormat("00000000-0000-4000-8000-%012x", n));
  *event.mutable_occur_date() = domain::Day::FromNumber(18000 + n).date();
  event.mutable_source()->set_code("USA");
  event.mutable_target()->set_code("KHM");
  event.set_cameo_code("042");
  event.set_summary("A visit");
  domain::NormalizeEvent(event);
  eventstore::AppendRequest request;
  request.streams.push_back({domain::StreamOf(event).str(), eventstore::ExpectedRevision::Any(),
                             {{event.event_id(), kDiplomaticEventType,
                               domain::DeterministicBytes(event),
                               domain::Day::FromDate(event.occur_date()).valid_time_us()}}});
  absl::StatusOr<eventstore::AppendResult> appended = store.Append(std::move(request));
  EXPECT_TRUE(appended.ok()) << appended.status();
  absl::StatusOr<uint64_t> head = store.HeadPosition();
  absl::StatusOr<std::vector<eventstore::RecordedEvent>> read =
      store.ReadLog({*head, "", {}, 1});
  EXPECT_TRUE(read.ok() && read->size() == 1);
  return Share(std::move(read->front()));
}

TEST(Projections, OverlappingReadersDoNotStarveTheFollower) {
  testing::TempDir dir;
  auto store = eventstore::OpenEventStore("sqlite:" + dir.File("events.db"),
                                          eventstore::Durability::kNormal);
  ASSERT_TRUE(store.ok()) << store.status();
  Projections projections(projection::ModelSettings{}, "");
  ASSERT_TRUE(projections.Load(**store).ok());

  // Four readers, each holding the read lock a while, so that at almost any
  // moment one of them holds it: under a reader-preferring lock the
  // follower would wait for them all to stop.
  std::atomic<bool> reading{true};
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      while (reading) {
        projections.Read([](const projection::ProjectionIndex&) {
          absl::SleepFor(absl::Milliseconds(20));
          return 0;
        });
      }
    });
  }
  // A watchdog ends the readers if the follower has not got through: the
  // test then fails rather than hangs.
  std::atomic<int> applied_while_reading{0};
  std::thread watchdog([&] {
    for (int wait = 0; wait < 600 && reading; ++wait) absl::SleepFor(absl::Milliseconds(100));
    reading = false;
  });
  for (int n = 1; n <= 20; ++n) {
    projections.Apply({AppendEvent(**store, n)});
    ASSERT_TRUE(projections.CatchUpWith(**store).ok());
    if (reading) ++applied_while_reading;
  }
  reading = false;
  watchdog.join();
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(applied_while_reading, 20);
  EXPECT_EQ(projections.head(), 20u);
}

}  // namespace
}  // namespace chancery::server
