#include "tests/support/chanceryd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/time/clock.h"
#include "tests/support/read_file.h"

extern char** environ;

namespace chancery::testing {
namespace {

// Spawn runs `binary` with `args`, its stderr going to `stderr_path`.
pid_t Spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::string& stderr_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::unique_ptr<ChancerydProcess> ChancerydProcess::Start(const std::string& binary,
                                                          const std::string& db_path,
                                                          std::vector<std::string> extra_flags,
                                                          int port) {
  std::unique_ptr<ChancerydProcess> process(new ChancerydProcess());
  const std::string port_file = db_path + ".port";
  process->stderr_path_ = db_path + ".stderr";
  unlink(port_file.c_str());
  std::vector<std::string> args = {"--listen=127.0.0.1:" + std::to_string(port), "--store=sqlite:" + db_path,
                                   "--port-file=" + port_file};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  process->pid_ = Spawn(binary, args, process->stderr_path_);
  if (process->pid_ < 0) return nullptr;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (absl::Now() < deadline) {
    std::string port = ReadFile(port_file);
    if (!port.empty()) {
      process->port_ = std::stoi(port);
      return process;
    }
    int status = 0;
    if (waitpid(process->pid_, &status, WNOHANG) == process->pid_) {
      process->pid_ = -1;
      return nullptr;  // It exited before listening.
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  return nullptr;
}

ChancerydProcess::~ChancerydProcess() {
  if (pid_ > 0) Stop(SIGKILL);
}

int ChancerydProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitCode(status);
}

std::shared_ptr<grpc::Channel> ChancerydProcess::NewChannel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::string ChancerydProcess::Stderr() const { return ReadFile(stderr_path_); }

int RunChanceryd(const std::string& binary, const std::vector<std::string>& args,
                 std::string* stderr_text) {
  char path[] = "/tmp/chanceryd-stderr-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  pid_t pid = Spawn(binary, args, path);
  int status = 0;
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      kill(pid, SIGKILL);  // It should have exited by itself long ago.
      waitpid(pid, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  if (stderr_text != nullptr) *stderr_text = ReadFile(path);
  unlink(path);
  return ExitCode(status);
}

}  // namespace chancery::testing
