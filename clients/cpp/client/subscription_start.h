// Starting a Subscription: what the Client tells it about the stream.

#ifndef CHANCERY_CLIENTS_CPP_CLIENT_SUBSCRIPTION_START_H_
#define CHANCERY_CLIENTS_CPP_CLIENT_SUBSCRIPTION_START_H_

#include <grpcpp/client_context.h>
#include <grpcpp/support/client_callback.h>

#include <functional>
#include <memory>

#include "chancery/subscription.h"

namespace chancery::internal {

template <typename Response>
struct RequestOf;
template <>
struct RequestOf<v1::SubscribeLogResponse> {
  using Type = v1::SubscribeLogRequest;
};
template <>
struct RequestOf<v1::WatchRelationshipsResponse> {
  using Type = v1::WatchRelationshipsRequest;
};

// OpenStream starts the call of `context` with `request`, read by `reactor`
// (a stub's async()->SubscribeLog or ->WatchRelationships).
template <typename Response>
using OpenStream = std::function<void(grpc::ClientContext* context,
                                      const typename RequestOf<Response>::Type* request,
                                      grpc::ClientReadReactor<Response>* reactor)>;

// StartSubscription subscribes with `request` at once; `options.from_head`
// has been applied to it already, and its metadata checked. `open` may use
// what `channel_owner` keeps alive.
template <typename Response>
std::unique_ptr<Subscription<Response>> StartSubscription(
    std::shared_ptr<const void> channel_owner, OpenStream<Response> open,
    typename RequestOf<Response>::Type request,
    OnMessage<Response> on_message, SubscribeOptions options);

}  // namespace chancery::internal

#endif  // CHANCERY_CLIENTS_CPP_CLIENT_SUBSCRIPTION_START_H_
