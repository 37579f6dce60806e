#include "services/chanceryd/testing/chanceryd_process.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "absl/time/clock.h"
#include "services/chanceryd/testing/read_file.h"
#include "services/chanceryd/testing/subprocess.h"

namespace chancery::testing {

std::unique_ptr<ChancerydProcess> ChancerydProcess::Start(const std::string& binary,
                                                          const std::string& db_path,
                                                          std::vector<std::string> extra_flags,
                                                          int port) {
  return StartOnStore(binary, "sqlite:" + db_path, db_path, std::move(extra_flags), port);
}

std::unique_ptr<ChancerydProcess> ChancerydProcess::StartOnStore(
    const std::string& binary, const std::string& store, const std::string& files,
    std::vector<std::string> extra_flags, int port) {
  std::unique_ptr<ChancerydProcess> process(new ChancerydProcess());
  const std::string port_file = files + ".port";
  process->stderr_path_ = files + ".stderr";
  unlink(port_file.c_str());
  std::vector<std::string> args = {"--listen=127.0.0.1:" + std::to_string(port),
                                   "--store=" + store, "--port-file=" + port_file};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  SpawnOptions options;
  options.stderr_path = process->stderr_path_;
  process->pid_ = Spawn(binary, args, options);
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
      CheckNoSanitizerReport("chanceryd", process->Stderr());
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
  // Far past the documented 10 s shutdown, so that a hang fails the test.
  const int exit_code = WaitWithDeadline(pid_, absl::Minutes(1));
  pid_ = -1;
  CheckNoSanitizerReport("chanceryd", Stderr());
  return exit_code;
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
  SpawnOptions options;
  options.stderr_path = path;
  const pid_t pid = Spawn(binary, args, options);
  const int exit_code = WaitWithDeadline(pid, absl::Seconds(30));
  const std::string text = ReadFile(path);
  unlink(path);
  CheckNoSanitizerReport("chanceryd", text);
  if (stderr_text != nullptr) *stderr_text = text;
  return exit_code;
}

}  // namespace chancery::testing
