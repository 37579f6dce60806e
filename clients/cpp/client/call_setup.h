// Applying CallOptions to a grpc::ClientContext, refusing bad ones with a
// clear INVALID_ARGUMENT before anything is sent.

#ifndef CHANCERY_CLIENTS_CPP_CLIENT_CALL_SETUP_H_
#define CHANCERY_CLIENTS_CPP_CLIENT_CALL_SETUP_H_

#include <grpcpp/client_context.h>

#include "chancery/call_options.h"
#include "chancery/error.h"

namespace chancery::internal {

// CheckMetadata names the first key or value gRPC would not send.
Result<void> CheckMetadata(const Metadata& metadata);

// SetUp gives `context` the options' deadline, metadata and wait_for_ready.
Result<void> SetUp(const CallOptions& options, grpc::ClientContext& context);

}  // namespace chancery::internal

#endif  // CHANCERY_CLIENTS_CPP_CLIENT_CALL_SETUP_H_
