// Kill -9 a process in the middle of appending, again and again: after each
// reopen every acknowledged event is there, the hash chain verifies, and no
// batch is visible in part.

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>
#include <sstream>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/temp_dir.h"
#include "gtest/gtest.h"

extern char** environ;

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::TempDir;

struct Ack {
  uint64_t first_position;
  int count;
};

// RunAndKill starts the child, lets it append for `run_for`, kills it with
// SIGKILL and returns every batch it acknowledged, by event id prefix.
std::map<std::string, Ack> RunAndKill(const std::string& path, const char* durability,
                                      const std::string& run_id, absl::Duration run_for) {
  int out[2];
  EXPECT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<std::string> args = {CRASH_CHILD_PATH, path, durability, run_id};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t child;
  EXPECT_EQ(posix_spawn(&child, CRASH_CHILD_PATH, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);

  std::string output;
  char buffer[65536];
  const absl::Time kill_at = absl::Now() + run_for;
  bool killed = false;
  while (true) {
    if (!killed && absl::Now() >= kill_at) {
      kill(child, SIGKILL);
      killed = true;
    }
    pollfd readable{out[0], POLLIN, 0};
    int timeout_ms = killed ? -1 : std::max<int>(1, absl::ToInt64Milliseconds(kill_at - absl::Now()));
    if (poll(&readable, 1, timeout_ms) <= 0) continue;
    ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;  // The child is gone and the pipe drained.
    output.append(buffer, n);
  }
  close(out[0]);
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child ended by itself before it was killed (status " << status << ")";

  std::map<std::string, Ack> acks;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ');
    if (fields.size() != 3) continue;  // The last line may be cut short by the kill.
    acks[fields[0]] = {std::stoull(fields[1]), std::stoi(fields[2])};
  }
  return acks;
}

TEST(CrashTest, AcknowledgedAppendsSurviveKillNine) {
  TempDir dir;
  const std::string path = dir.File("chancery.db");
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  std::mt19937 random(seed);
  std::map<std::string, Ack> acknowledged;
  constexpr int kKills = 40;

  for (int kill = 0; kill < kKills; ++kill) {
    const char* durability = kill % 2 ? "normal" : "full";
    auto acks = RunAndKill(path, durability, absl::StrCat("r", kill),
                           absl::Milliseconds(20 + random() % 250));
    acknowledged.insert(acks.begin(), acks.end());

    auto store = SqliteEventStore::Open({path, Durability::kFull});
    ASSERT_TRUE(store.ok()) << store.status();
    auto verified = (*store)->VerifyChain();
    ASSERT_TRUE(verified.ok() && verified->ok())
        << "kill " << kill << ": chain broken at " << verified->first_bad_position;

    auto log = (*store)->ReadLog({1, "", {}, 10000000});
    ASSERT_TRUE(log.ok()) << log.status();
    ASSERT_EQ(log->size(), verified->event_count);
    // Every batch in the log is whole: a batch "prefix size" has all `size` events.
    std::map<std::string, int> seen;
    std::map<std::string, int> declared;
    std::map<std::string, int64_t> next_revision;
    for (const RecordedEvent& event : *log) {
      std::vector<std::string> words = absl::StrSplit(event.data.payload, ' ');
      ++seen[words[0]];
      declared[words[0]] = std::stoi(words[1]);
      ASSERT_EQ(event.revision, next_revision[event.stream]++);
    }
    for (const auto& [batch, count] : seen) {
      ASSERT_EQ(count, declared[batch]) << "kill " << kill << ": batch " << batch << " is partial";
    }
    // Every acknowledged batch is there, where it was acknowledged.
    for (const auto& [batch, ack] : acknowledged) {
      ASSERT_LE(ack.first_position + ack.count - 1, log->size()) << "lost " << batch;
      const RecordedEvent& first = (*log)[ack.first_position - 1];
      ASSERT_EQ(first.data.event_id, batch + "-0") << "kill " << kill << ": lost " << batch;
      ASSERT_EQ(seen[batch], ack.count);
    }
  }
  EXPECT_GT(acknowledged.size(), static_cast<size_t>(kKills)) << "the child acknowledged too little";
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
