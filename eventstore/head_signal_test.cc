#include "eventstore/head_signal.h"

#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

TEST(HeadSignalTest, ReturnsAtOnceWhenTheHeadIsAlreadyPast) {
  HeadSignal signal(5);
  EXPECT_EQ(signal.WaitPast(4, absl::InfiniteFuture()), 5u);
}

TEST(HeadSignalTest, ReturnsTheHeadAtTheDeadline) {
  HeadSignal signal(5);
  EXPECT_EQ(signal.WaitPast(5, absl::Now() + absl::Milliseconds(20)), 5u);
}

TEST(HeadSignalTest, PublishWakesAWaiter) {
  HeadSignal signal(5);
  std::thread writer([&] {
    absl::SleepFor(absl::Milliseconds(20));
    signal.Publish(6);
  });
  EXPECT_EQ(signal.WaitPast(5, absl::InfiniteFuture()), 6u);
  writer.join();
}

TEST(HeadSignalTest, CloseWakesAWaiterForGood) {
  HeadSignal signal(5);
  std::thread closer([&] {
    absl::SleepFor(absl::Milliseconds(20));
    signal.Close();
  });
  EXPECT_EQ(signal.WaitPast(5, absl::InfiniteFuture()), 5u);
  closer.join();
  EXPECT_EQ(signal.WaitPast(5, absl::InfiniteFuture()), 5u);
}

}  // namespace
}  // namespace chancery::eventstore
