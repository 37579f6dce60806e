#include "tests/integration/webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace chancery::testing {
namespace {

// ReadRequest reads one HTTP request with a Content-Length body.
bool ReadRequest(int connection, ReceivedPost& post) {
  std::string data;
  char buffer[4096];
  size_t header_end;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t got = read(connection, buffer, sizeof(buffer));
    if (got <= 0) return false;
    data.append(buffer, got);
  }
  std::vector<std::string> lines = absl::StrSplit(data.substr(0, header_end), "\r\n");
  std::vector<std::string> request_line = absl::StrSplit(lines[0], ' ');
  if (request_line.size() < 2) return false;
  post.path = request_line[1];
  size_t length = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    const std::string name = absl::AsciiStrToLower(lines[i].substr(0, colon));
    post.headers[name] = std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1)));
  }
  if (auto found = post.headers.find("content-length"); found != post.headers.end()) {
    if (!absl::SimpleAtoi(found->second, &length)) return false;
  }
  post.body = data.substr(header_end + 4);
  while (post.body.size() < length) {
    const ssize_t got = read(connection, buffer, sizeof(buffer));
    if (got <= 0) return false;
    post.body.append(buffer, got);
  }
  return true;
}

}  // namespace

WebhookReceiver::WebhookReceiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listener_, 16) != 0) {
    std::abort();
  }
  socklen_t size = sizeof(address);
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  shutdown(listener_, SHUT_RDWR);
  close(listener_);
  thread_.join();
}

std::string WebhookReceiver::url() const { return absl::StrCat("http://127.0.0.1:", port_, "/hook"); }

void WebhookReceiver::Serve() {
  while (true) {
    const int connection = accept(listener_, nullptr, nullptr);
    if (connection < 0) return;
    ReceivedPost post;
    if (ReadRequest(connection, post)) {
      int status;
      {
        absl::MutexLock lock(&mutex_);
        status = statuses_[std::min(posts_.size(), statuses_.size() - 1)];
        posts_.push_back(std::move(post));
      }
      const std::string answer =
          absl::StrCat("HTTP/1.1 ", status, " Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      (void)write(connection, answer.data(), answer.size());
    }
    close(connection);
  }
}

std::vector<ReceivedPost> WebhookReceiver::WaitFor(size_t count, absl::Duration timeout) {
  absl::MutexLock lock(&mutex_);
  auto enough = [this, count] {
    mutex_.AssertHeld();
    return posts_.size() >= count;
  };
  mutex_.AwaitWithTimeout(absl::Condition(&enough), timeout);
  return posts_;
}

}  // namespace chancery::testing
