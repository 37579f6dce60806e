// ChancerydProcess: a real chanceryd, started (on port 0 unless told) for a
// test or a load run.
//
// It runs the binary with --listen=127.0.0.1:PORT and --port-file, waits
// until the port is written, and stops it with a signal when asked (or
// SIGKILL at destruction if still running).

#ifndef CHANCERY_SERVICES_CHANCERYD_TESTING_CHANCERYD_PROCESS_H_
#define CHANCERY_SERVICES_CHANCERYD_TESTING_CHANCERYD_PROCESS_H_

#include <grpcpp/grpcpp.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace chancery::testing {

class ChancerydProcess {
 public:
  // Start runs the chanceryd at `binary` on the database at `db_path` with
  // `extra_flags`, listening on 127.0.0.1:`port` (0 picks a free one), and
  // waits (up to 30 s) until it listens; nullptr if it exits or does not
  // listen in time.
  static std::unique_ptr<ChancerydProcess> Start(const std::string& binary,
                                                 const std::string& db_path,
                                                 std::vector<std::string> extra_flags = {},
                                                 int port = 0);
  // StartOnStore: the same on the store at `store` (a --store URI), keeping
  // its port file and stderr at `files` + ".port" and ".stderr".
  static std::unique_ptr<ChancerydProcess> StartOnStore(const std::string& binary,
                                                        const std::string& store,
                                                        const std::string& files,
                                                        std::vector<std::string> extra_flags = {},
                                                        int port = 0);
  ~ChancerydProcess();

  // Stop sends `signal` and returns the exit code (or 128 + the signal that
  // killed it); a process still running a minute later is killed (137).
  int Stop(int signal);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::shared_ptr<grpc::Channel> NewChannel() const;
  // The stderr of the process so far.
  std::string Stderr() const;

 private:
  ChancerydProcess() = default;

  pid_t pid_ = -1;
  int port_ = 0;
  std::string stderr_path_;
};

// RunChanceryd runs the chanceryd at `binary` with `args` to completion and
// returns its exit code; `stderr_text` receives what it printed there. One
// still running after 30 s is killed (and reported as 128 + SIGKILL).
int RunChanceryd(const std::string& binary, const std::vector<std::string>& args,
                 std::string* stderr_text);

}  // namespace chancery::testing

#endif  // CHANCERY_SERVICES_CHANCERYD_TESTING_CHANCERYD_PROCESS_H_
