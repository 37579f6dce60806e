// WebhookReceiver: a test's HTTP (or HTTPS) server on 127.0.0.1 that takes
// POSTs, keeps each request, and answers each with the next status of a
// list (the last one repeating); status 0 never answers, holding the
// connection until the client gives up.

#ifndef CHANCERY_TESTS_INTEGRATION_WEBHOOK_RECEIVER_H_
#define CHANCERY_TESTS_INTEGRATION_WEBHOOK_RECEIVER_H_

#include <map>
#include <string>
#include <thread>
#include <vector>

#include <openssl/ssl.h>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace chancery::testing {

struct ReceivedPost {
  std::string path;
  std::map<std::string, std::string> headers;  // Names in lower case.
  std::string body;
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::vector<int> statuses);
  // HTTPS with the certificate chain and key in these PEM files.
  WebhookReceiver(std::vector<int> statuses, const std::string& cert, const std::string& key);
  ~WebhookReceiver();

  std::string url() const;
  // WaitFor waits until `count` posts have come (up to `timeout`), and
  // returns those that have.
  std::vector<ReceivedPost> WaitFor(size_t count, absl::Duration timeout);

 private:
  void Listen();
  void Serve();

  SSL_CTX* tls_ = nullptr;  // Null: plain HTTP.
  int listener_ = -1;
  int port_ = 0;
  const std::vector<int> statuses_;
  absl::Mutex mutex_;
  std::vector<ReceivedPost> posts_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_WEBHOOK_RECEIVER_H_
