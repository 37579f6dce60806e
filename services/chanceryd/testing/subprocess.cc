#include "services/chanceryd/testing/subprocess.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

extern char** environ;

namespace chancery::testing {
namespace {

// The test's environment without `unset_variables`.
std::vector<char*> Environment(const std::vector<std::string>& unset_variables) {
  std::vector<char*> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string variable(*entry);
    const std::string name = variable.substr(0, variable.find('='));
    if (std::find(unset_variables.begin(), unset_variables.end(), name) == unset_variables.end()) {
      env.push_back(*entry);
    }
  }
  env.push_back(nullptr);
  return env;
}

void WriteTo(posix_spawn_file_actions_t* actions, int fd, const std::string& path) {
  if (path.empty()) return;
  posix_spawn_file_actions_addopen(actions, fd, path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
}

}  // namespace

pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const SpawnOptions& options) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  WriteTo(&actions, STDOUT_FILENO, options.stdout_path);
  WriteTo(&actions, STDERR_FILENO, options.stderr_path);
  // glibc offers the working directory as a spawn action only as this extension.
  if (!options.work_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, options.work_dir.c_str());
  }
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> env = Environment(options.unset_variables);
  pid_t pid = -1;
  if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), env.data()) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int WaitWithDeadline(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(pid, SIGKILL);  // It should have exited by itself long ago.
      waitpid(pid, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return ExitCode(status);
}

void CheckNoSanitizerReport(const std::string& what, const std::string& stderr_text) {
  // Every sanitizer ends its report with "SUMMARY: AddressSanitizer: ..." (or
  // LeakSanitizer, ThreadSanitizer, UndefinedBehaviorSanitizer).
  for (absl::string_view line : absl::StrSplit(stderr_text, '\n')) {
    if (absl::StartsWith(line, "SUMMARY: ") && absl::StrContains(line, "Sanitizer")) {
      std::fprintf(stderr, "%s reported a sanitizer finding; its stderr:\n%s\n", what.c_str(),
                   stderr_text.c_str());
      std::abort();
    }
  }
}

}  // namespace chancery::testing
