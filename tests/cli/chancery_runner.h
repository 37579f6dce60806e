// Running the real chancery binary from a test, as a user would.

#ifndef CHANCERY_TESTS_CLI_CHANCERY_RUNNER_H_
#define CHANCERY_TESTS_CLI_CHANCERY_RUNNER_H_

#include <sys/types.h>

#include <string>
#include <vector>

namespace chancery::testing {

struct CliResult {
  int exit_code = -1;  // 128 + the signal for a process killed by one.
  std::string out;     // stdout.
  std::string err;     // stderr.
};

// RunChancery runs CHANCERY_PATH with `args` in `work_dir` (its stdout and
// stderr files are kept there), with CHANCERY_SERVER unset. A run still going
// after 60 s is killed, so a hang fails the test instead of stalling it.
CliResult RunChancery(const std::string& work_dir, const std::vector<std::string>& args);

// BackgroundChancery is a chancery left running (watch, log --follow) whose
// output the test reads as it grows.
class BackgroundChancery {
 public:
  BackgroundChancery(const std::string& work_dir, const std::vector<std::string>& args);
  ~BackgroundChancery();  // Kills it if still running.
  // Out is what it has printed on stdout so far.
  std::string Out() const;
  std::string Err() const;
  // WaitForOut waits up to 30 s until stdout holds `count` lines; false if not.
  bool WaitForLines(size_t count) const;
  // Stop sends SIGTERM and returns the exit code.
  int Stop();
  // Wait waits (up to 30 s, then kills it) for it to exit by itself and
  // returns the exit code.
  int Wait();

 private:
  pid_t pid_ = -1;
  std::string out_path_, err_path_;
};

// Lines splits `text` at line breaks, dropping the empty end.
std::vector<std::string> Lines(const std::string& text);

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_CLI_CHANCERY_RUNNER_H_
