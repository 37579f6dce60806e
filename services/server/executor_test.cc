#include "services/server/executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

TEST(ExecutorTest, RunsEachJobOnItsOwnThreads) {
  EXPECT_FALSE(Executor::OnExecutorThread());
  std::atomic<int> on_executor{0};
  std::atomic<int> ran{0};
  {
    Executor executor(2, "test-executor");
    for (int i = 0; i < 100; ++i) {
      executor.Post([&] {
        if (Executor::OnExecutorThread()) ++on_executor;
        ++ran;
      });
    }
  }  // Destruction runs what was posted.
  EXPECT_EQ(ran, 100);
  EXPECT_EQ(on_executor, 100);
}

TEST(ExecutorTest, AJobThatWaitsHoldsUpOnlyItsOwnThread) {
  Executor executor(2, "test-executor");
  absl::Notification release;
  absl::Notification other_ran;
  executor.Post([&] { release.WaitForNotification(); });
  executor.Post([&] { other_ran.Notify(); });
  EXPECT_TRUE(other_ran.WaitForNotificationWithTimeout(absl::Seconds(30)));
  release.Notify();
}

TEST(ExecutorTest, OneThreadRunsJobsInTheOrderPosted) {
  std::vector<int> order;
  {
    Executor executor(1, "test-executor");
    for (int i = 0; i < 10; ++i) executor.Post([&order, i] { order.push_back(i); });
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

}  // namespace
}  // namespace chancery::server
