// chanceryd out of file descriptors: it refuses connections while it has
// none, and accepts again once they are free.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "health/v1/health.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

int OpenDescriptors(pid_t pid) {
  int count = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++count;
  }
  return count;
}

// Connect opens a TCP connection to 127.0.0.1:`port` that says nothing.
int Connect(int port) {
  const int connection = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(connection, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(connection);
    return -1;
  }
  return connection;
}

bool Serving(const std::shared_ptr<grpc::Channel>& channel) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

using DescriptorExhaustionTest = ServerTest;

TEST_F(DescriptorExhaustionTest, AcceptsAgainOnceDescriptorsAreFree) {
  // chanceryd may open a few more descriptors than it has now.
  const rlimit tight{static_cast<rlim_t>(OpenDescriptors(server_->pid()) + 16),
                     static_cast<rlim_t>(OpenDescriptors(server_->pid()) + 16)};
  ASSERT_EQ(prlimit(server_->pid(), RLIMIT_NOFILE, &tight, nullptr), 0) << std::strerror(errno);

  // Far more silent connections than that: it accepts what it can, refuses the rest.
  std::vector<int> connections;
  for (int i = 0; i < 100; ++i) {
    const int connection = Connect(server_->port());
    if (connection >= 0) connections.push_back(connection);
  }
  const absl::Time give_up = absl::Now() + absl::Seconds(20);
  while (server_->Stderr().find("out of file descriptors") == std::string::npos &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: out of file descriptors: refused"));
  for (int connection : connections) close(connection);

  // Once they are closed, a new client is served (after gRPC's reconnect backoff).
  bool served = false;
  for (int attempt = 0; attempt < 20 && !served; ++attempt) {
    served = Serving(server_->NewChannel());
    if (!served) absl::SleepFor(absl::Milliseconds(500));
  }
  EXPECT_TRUE(served) << "chanceryd no longer accepts connections";
  RecordMany(0, 1);
}

}  // namespace
}  // namespace chancery::testing
