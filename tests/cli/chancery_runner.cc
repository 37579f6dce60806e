#include "tests/cli/chancery_runner.h"

#include <signal.h>
#include <sys/wait.h>

#include <atomic>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "services/chanceryd/testing/read_file.h"
#include "services/chanceryd/testing/subprocess.h"

namespace chancery::testing {
namespace {

std::atomic<int> run_counter{0};

// SpawnChancery runs CHANCERY_PATH with `args` in `work_dir`, its output going to
// `out_path` and `err_path`, with CHANCERY_SERVER unset so a developer's
// setting cannot leak in.
pid_t SpawnChancery(const std::string& work_dir, const std::vector<std::string>& args,
                    const std::string& out_path, const std::string& err_path) {
  SpawnOptions options;
  options.stdout_path = out_path;
  options.stderr_path = err_path;
  options.work_dir = work_dir;
  options.unset_variables = {"CHANCERY_SERVER"};
  return Spawn(CHANCERY_PATH, args, options);
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
  const pid_t pid = SpawnChancery(work_dir, args, stem + ".out", stem + ".err");
  if (pid < 0) return result;
  result.exit_code = WaitWithDeadline(pid, absl::Seconds(60));
  result.out = ReadFile(stem + ".out");
  result.err = ReadFile(stem + ".err");
  CheckNoSanitizerReport("chancery", result.err);
  return result;
}

BackgroundChancery::BackgroundChancery(const std::string& work_dir,
                                       const std::vector<std::string>& args) {
  const std::string stem = work_dir + "/background" + std::to_string(run_counter++);
  out_path_ = stem + ".out";
  err_path_ = stem + ".err";
  pid_ = SpawnChancery(work_dir, args, out_path_, err_path_);
}

BackgroundChancery::~BackgroundChancery() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  CheckNoSanitizerReport("chancery", Err());
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
  const int exit_code = WaitWithDeadline(pid_, absl::Seconds(30));
  pid_ = -1;
  return exit_code;
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
