// PostToWebhook: one delivery of a subscription group, POSTed to its
// webhook with libcurl (docs/api.md, "Subscription groups").

#ifndef CHANCERY_SERVICES_SERVER_WEBHOOK_POST_H_
#define CHANCERY_SERVICES_SERVER_WEBHOOK_POST_H_

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "chancery/v1/subscription_group.pb.h"

namespace chancery::server {

// How long a webhook has to answer.
inline constexpr absl::Duration kWebhookTimeout = absl::Seconds(10);

// PostToWebhook POSTs `delivery` as JSON to `webhook`, signed with its
// secret, and returns OK when it answers 2xx; otherwise an error saying
// what happened ("HTTP 503", "no answer within 10 s", curl's words for a
// failed connection). An https server's certificate is checked against the
// CA certificates in the PEM file `ca_file`, or the system's when it is
// empty. Setting `*cancel` makes a post under way give up.
absl::Status PostToWebhook(const v1::Webhook& webhook, const std::string& group,
                           const v1::GroupDelivery& delivery, const std::string& ca_file,
                           const std::atomic<bool>* cancel);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_WEBHOOK_POST_H_
