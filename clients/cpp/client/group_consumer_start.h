// Starting a GroupConsumer: what the Client tells it about the stream.

#ifndef CHANCERY_CLIENTS_CPP_CLIENT_GROUP_CONSUMER_START_H_
#define CHANCERY_CLIENTS_CPP_CLIENT_GROUP_CONSUMER_START_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/client_callback.h>

#include <functional>
#include <memory>

#include "chancery/group_consumer.h"

namespace chancery::internal {

using GroupReactor = grpc::ClientBidiReactor<v1::ConsumeGroupRequest, v1::ConsumeGroupResponse>;

// OpenGroupStream starts a ConsumeGroup call of `context`, driven by
// `reactor` (a stub's async()->ConsumeGroup).
using OpenGroupStream = std::function<void(grpc::ClientContext* context, GroupReactor* reactor)>;

// StartGroupConsumer joins with `join` at once; `options` have been checked.
// `open` may use what `channel_owner` keeps alive.
std::unique_ptr<GroupConsumer> StartGroupConsumer(std::shared_ptr<const void> channel_owner,
                                                  OpenGroupStream open, v1::JoinGroup join,
                                                  OnDelivery on_delivery,
                                                  ConsumeOptions options);

}  // namespace chancery::internal

#endif  // CHANCERY_CLIENTS_CPP_CLIENT_GROUP_CONSUMER_START_H_
