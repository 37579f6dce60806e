// VectorRun: one vector's chanceryd, client and subscriptions, running the
// vector's steps one at a time (tests/conformance/README.md, "Steps").

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_VECTOR_RUN_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_VECTOR_RUN_H_

#include <google/protobuf/struct.pb.h>

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "chancery/client.h"
#include "tests/conformance/cpp/subscription_queue.h"
#include "tests/conformance/cpp/vector_security.h"
#include "services/chanceryd/testing/chanceryd_process.h"

namespace chancery::conformance {

class VectorRun {
 public:
  // Start starts the chanceryd at `binary` on a fresh store at `db_path`,
  // with the TLS and tokens of `security`.
  static absl::StatusOr<std::unique_ptr<VectorRun>> Start(const std::string& binary,
                                                          const std::string& db_path,
                                                          VectorSecurity security);

  // Run runs one step; an error says what went wrong or differed.
  absl::Status Run(const google::protobuf::Struct& step);

  // Stop cancels the open subscriptions, closes the client and stops
  // chanceryd with SIGTERM, which must exit 0. Run no steps after it.
  absl::Status Stop();

 private:
  VectorRun(std::string binary, std::string db_path, VectorSecurity security)
      : binary_(std::move(binary)), db_path_(std::move(db_path)), security_(std::move(security)) {}

  absl::Status StartServer(int port);
  absl::Status StopServer();
  // ClientOf is the client making calls as `principal` ("": no token).
  const Client& ClientOf(const std::string& principal);
  absl::Status Next(const google::protobuf::Struct& step);
  // Settle sends a group consumer's ack or nack (`op`).
  absl::Status Settle(const std::string& op, const google::protobuf::Struct& step);
  absl::Status CaughtUp(const google::protobuf::Struct& step);

  const std::string binary_;
  const std::string db_path_;
  const VectorSecurity security_;
  std::unique_ptr<testing::ChancerydProcess> server_;
  std::map<std::string, Client> clients_;
  // Declared after the client, so destroyed (cancelled) before it.
  std::map<std::string, std::unique_ptr<SubscriptionQueue>> subscriptions_;
};

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_VECTOR_RUN_H_
