#include "tests/cli/chancery_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "tests/support/read_file.h"

extern char** environ;

namespace chancery::testing {
namespace {

std::atomic<int> run_counter{0};

// The environment without CHANCERY_SERVER, so a developer's setting cannot leak in.
std::vector<char*> CleanEnvironment() {
  std::vector<char*> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::string(*entry).rfind("CHANCERY_SERVER=", 0) != 0) env.push_back(*entry);
  }
  env.push_back(nullptr);
  return env;
}

pid_t Spawn(const std::string& work_dir, const std::vector<std::string>& args,
            const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_strings = {CHANCERY_PATH};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> env = CleanEnvironment();
  // glibc offers the working directory as a spawn action only as this extension.
  posix_spawn_file_actions_addchdir_np(&actions, work_dir.c_str());
  pid_t pid = -1;
  if (posix_spawn(&pid, CHANCERY_PATH, &actions, nullptr, argv.data(), env.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

CliResult RunChancery(const std::string& work_dir, const std::vector<std::string>& args) {
  const std::string stem = work_dir + "/run" + std::to_string(run_counter++);
  CliResult result;
  const pid_t pid = Spawn(work_dir, args, stem + ".out", stem + ".err");
  if (pid < 0) return result;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  result.exit_code = ExitCode(status);
  result.out = ReadFile(stem + ".out");
  result.err = ReadFile(stem + ".err");
  return result;
}

BackgroundChancery::BackgroundChancery(const std::string& work_dir,
                                       const std::vector<std::string>& args) {
  const std::string stem = work_dir + "/background" + std::to_string(run_counter++);
  out_path_ = stem + ".out";
  err_path_ = stem + ".err";
  pid_ = Spawn(work_dir, args, out_path_, err_path_);
}

BackgroundChancery::~BackgroundChancery() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string BackgroundChancery::Out() const { return ReadFile(out_path_); }
std::string BackgroundChancery::Err() const { return ReadFile(err_path_); }

bool BackgroundChancery::WaitForLines(size_t count) const {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    if (Lines(Out()).size() >= count) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

int BackgroundChancery::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  pid_ = -1;
  return ExitCode(status);
}

int BackgroundChancery::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitCode(status);
}

}  // namespace chancery::testing
