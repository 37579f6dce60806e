// RichStatus: the google.rpc.Status, with its details, inside a gRPC error.

#ifndef CHANCERY_TESTS_SUPPORT_RICH_STATUS_H_
#define CHANCERY_TESTS_SUPPORT_RICH_STATUS_H_

#include <grpcpp/support/status.h>

#include "google/rpc/status.pb.h"

namespace chancery::testing {

// RichStatus parses the error details of `status` (empty if it has none).
inline google::rpc::Status RichStatus(const grpc::Status& status) {
  google::rpc::Status rich;
  rich.ParseFromString(status.error_details());
  return rich;
}

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_SUPPORT_RICH_STATUS_H_
