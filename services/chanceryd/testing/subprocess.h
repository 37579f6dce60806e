// Starting and waiting for a child process from a test: posix_spawn with
// the redirections tests need, and a wait that cannot hang the test.

#ifndef CHANCERY_SERVICES_CHANCERYD_TESTING_SUBPROCESS_H_
#define CHANCERY_SERVICES_CHANCERYD_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace chancery::testing {

struct SpawnOptions {
  std::string stdout_path;  // Truncated and written; "" keeps the test's stdout.
  std::string stderr_path;  // Truncated and written; "" keeps the test's stderr.
  std::string work_dir;     // "" keeps the test's working directory.
  // Variables left out of the child's copy of the test's environment.
  std::vector<std::string> unset_variables;
};

// Spawn starts `binary` with `args` (stdin from /dev/null) and returns its
// pid, or -1 if it could not be started.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const SpawnOptions& options = {});

// ExitCode turns a waitpid status into the exit code, or 128 + the signal
// that killed the process (-1 for neither).
int ExitCode(int status);

// WaitWithDeadline waits for `pid` to exit and returns its exit code; one
// still running after `timeout` is killed (and reported as 128 + SIGKILL).
int WaitWithDeadline(pid_t pid, absl::Duration timeout);

// CheckNoSanitizerReport aborts the test's process, printing `stderr_text`,
// if that (a child's stderr) holds a sanitizer's report. In the sanitizer
// builds (scripts/test-sanitizers) chanceryd and chancery report on stderr
// and exit; this fails the test that started one even when the test kills it
// without looking at how it ended. Call it once the child has ended.
void CheckNoSanitizerReport(const std::string& what, const std::string& stderr_text);

}  // namespace chancery::testing

#endif  // CHANCERY_SERVICES_CHANCERYD_TESTING_SUBPROCESS_H_
