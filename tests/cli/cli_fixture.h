// CliTest: a fresh chanceryd, and the chancery binary pointed at it.

#ifndef CHANCERY_TESTS_CLI_CLI_FIXTURE_H_
#define CHANCERY_TESTS_CLI_CLI_FIXTURE_H_

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/cli/chancery_runner.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/support/whole_log.h"

namespace chancery::testing {

// ParseJson parses one line of --json output as a T, failing the test if it
// is not exactly that message in JSON.
template <typename T>
T ParseJson(const std::string& line) {
  T message;
  const auto status = google::protobuf::util::JsonStringToMessage(line, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << " in: " << line;
  return message;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }

  // StartServer (re)starts chanceryd on the fixture's database, on `port`
  // (0: any free port).
  void StartServer(int port = 0) {
    std::vector<std::string> flags;
    if (port != 0) flags.push_back("--listen=127.0.0.1:" + std::to_string(port));
    server_ = ChancerydProcess::Start(CHANCERYD_PATH, db_path_, flags);
    ASSERT_NE(server_, nullptr) << "chanceryd did not start";
  }

  // Chancery runs the CLI against the fixture's server.
  CliResult Chancery(std::vector<std::string> args) {
    args.insert(args.begin(), "--server=" + server_->address());
    return RunChancery(dir_.path(), args);
  }

  // Record records one event with `chancery record` and returns its id.
  std::string Record(const std::string& source, const std::string& target,
                     const std::string& code, const std::string& date,
                     const std::string& summary = "An event") {
    CliResult result = Chancery({"--json", "record", "--source", source, "--target", target,
                                 "--code", code, "--date", date, "--summary", summary});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    v1::RecordResult recorded = ParseJson<v1::RecordResult>(result.out);
    return recorded.event_id();
  }

  // WholeLog reads every record from the server directly (not through the CLI).
  std::vector<v1::LogRecord> WholeLog() {
    return ReadWholeLog(*v1::EventLogService::NewStub(server_->NewChannel()));
  }

  // WriteFile writes a file in the test's directory and returns its path.
  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  TempDir dir_;
  std::string db_path_ = dir_.File("chancery.db");
  std::unique_ptr<ChancerydProcess> server_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_CLI_CLI_FIXTURE_H_
