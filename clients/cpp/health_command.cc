// chancery health: the grpc.health.v1 check of the whole server.

#include <iostream>

#include "absl/time/clock.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "health/v1/health.grpc.pb.h"

namespace chancery::cli {
namespace {

int RunHealth(const Context& context, const ParsedArgs& args) {
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  // The standard gRPC health service, not chanceryd's API: called on the client's channel.
  auto stub = grpc::health::v1::Health::NewStub(client->channel());
  grpc::ClientContext call;
  call.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  grpc::health::v1::HealthCheckRequest request;  // Empty service name: the server as a whole.
  grpc::health::v1::HealthCheckResponse response;
  if (grpc::Status status = stub->Check(&call, request, &response); !status.ok()) {
    return ReportRpcError(context, Error::FromStatus(status));
  }
  if (context.json) {
    PrintJsonLine(response, std::cout);
  } else {
    std::cout << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
              << std::endl;
  }
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? kExitOk
                                                                            : kExitFailed;
}

}  // namespace

Command HealthCommand() {
  return {{"health", "", "Prints SERVING and exits 0 when the server is healthy.\nExits 1 when it answers otherwise.", {}},
          RunHealth};
}

}  // namespace chancery::cli
