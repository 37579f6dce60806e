// A real full disk: the store on a 2 MiB tmpfs, appended to until it fills.
// Needs the right to mount (root in CI); skipped with a message otherwise.

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "eventstore/backup.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TempDir;

class FullDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mount_point_ = dir_.File("small");
    std::filesystem::create_directory(mount_point_);
    if (mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, "size=2m") != 0) {
      GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) umount2(mount_point_.c_str(), MNT_DETACH);
  }

  TempDir dir_;
  std::string mount_point_;
  bool mounted_ = false;
};

TEST_F(FullDiskTest, AFullDiskIsUnavailableLosesNothingAcknowledgedAndRecovers) {
  const std::string path = mount_point_ + "/events.db";
  auto store = SqliteEventStore::Open({path, Durability::kFull});
  ASSERT_TRUE(store.ok()) << store.status();
  int acknowledged = 0;
  absl::Status failure;
  for (int batch = 0; batch < 1000 && failure.ok(); ++batch) {
    std::vector<EventData> events;
    for (int i = 0; i < 20; ++i) {
      EventData event = MakeEvent(absl::StrCat("e-", batch, "-", i));
      event.payload.assign(2000, 'x');
      events.push_back(std::move(event));
    }
    absl::StatusOr<AppendResult> result =
        (*store)->Append(OneStream("dyad/KHM/USA", ExpectedRevision::Any(), std::move(events)));
    if (result.ok()) {
      acknowledged += 20;
    } else {
      failure = result.status();
    }
  }
  ASSERT_FALSE(failure.ok()) << "2 MiB never filled";
  EXPECT_EQ(failure.code(), absl::StatusCode::kUnavailable) << failure;
  EXPECT_GT(acknowledged, 0);

  // Everything acknowledged is there, after a restart too.
  auto read = (*store)->ReadLog({0, "", {}, 100000});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(static_cast<int>(read->size()), acknowledged);
  store->reset();
  // Once there is space again (here: the mount made larger), the store takes appends.
  ASSERT_EQ(mount("tmpfs", mount_point_.c_str(), "tmpfs", MS_REMOUNT, "size=16m"), 0)
      << std::strerror(errno);
  store = SqliteEventStore::Open({path, Durability::kFull});
  ASSERT_TRUE(store.ok()) << store.status();
  read = (*store)->ReadLog({0, "", {}, 100000});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(static_cast<int>(read->size()), acknowledged);
  EXPECT_TRUE(
      (*store)->Append(OneStream("dyad/KHM/USA", ExpectedRevision::Any(), {MakeEvent("after")})).ok());
}

TEST_F(FullDiskTest, ABackupWithoutRoomIsResourceExhaustedAndLeavesNothing) {
  // Room for the events and their write-ahead log; the filler below takes the rest.
  ASSERT_EQ(mount("tmpfs", mount_point_.c_str(), "tmpfs", MS_REMOUNT, "size=8m"), 0)
      << std::strerror(errno);
  const std::string path = mount_point_ + "/events.db";
  auto store = SqliteEventStore::Open({path, Durability::kFull});
  ASSERT_TRUE(store.ok()) << store.status();
  for (int batch = 0; batch < 15; ++batch) {  // About 600 KiB of events.
    std::vector<EventData> events;
    for (int i = 0; i < 20; ++i) {
      EventData event = MakeEvent(absl::StrCat("e-", batch, "-", i));
      event.payload.assign(2000, 'x');
      events.push_back(std::move(event));
    }
    ASSERT_TRUE(
        (*store)->Append(OneStream("dyad/KHM/USA", ExpectedRevision::Any(), std::move(events))).ok());
  }
  // A clean close empties the write-ahead log; then a filler leaves 256 KiB
  // free, room for appends but not for a copy.
  store->reset();
  struct statvfs disk;
  ASSERT_EQ(statvfs(mount_point_.c_str(), &disk), 0);
  const uint64_t free_bytes = static_cast<uint64_t>(disk.f_bavail) * disk.f_frsize;
  ASSERT_GT(free_bytes, 256u << 10);
  const int filler = open((mount_point_ + "/filler").c_str(), O_CREAT | O_WRONLY, 0600);
  ASSERT_GE(filler, 0) << std::strerror(errno);
  ASSERT_EQ(posix_fallocate(filler, 0, static_cast<off_t>(free_bytes - (256u << 10))), 0);
  close(filler);
  store = SqliteEventStore::Open({path, Durability::kFull});
  ASSERT_TRUE(store.ok()) << store.status();

  absl::StatusOr<BackupSnapshot> backup = (*store)->Backups()->TakeBackup();
  ASSERT_FALSE(backup.ok()) << "a backup of " << backup->size_bytes() << " bytes fit";
  EXPECT_EQ(backup.status().code(), absl::StatusCode::kResourceExhausted) << backup.status();
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(mount_point_)) {
    files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  EXPECT_EQ(files, (std::vector<std::string>{"events.db", "events.db-shm", "events.db-wal",
                                             "filler"}));
  // The store goes on serving.
  EXPECT_TRUE(
      (*store)->Append(OneStream("dyad/KHM/USA", ExpectedRevision::Any(), {MakeEvent("after")})).ok());
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
