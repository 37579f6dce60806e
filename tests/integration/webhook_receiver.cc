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

// One accepted connection, over TLS or not.
class Connection {
 public:
  Connection(int fd, SSL_CTX* tls) : fd_(fd), ssl_(tls != nullptr ? SSL_new(tls) : nullptr) {
    if (ssl_ != nullptr) {
      SSL_set_fd(ssl_, fd_);
      handshaken_ = SSL_accept(ssl_) == 1;
    }
  }
  ~Connection() {
    if (ssl_ != nullptr) {
      SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    close(fd_);
  }
  bool ok() const { return ssl_ == nullptr || handshaken_; }
  ssize_t Read(char* buffer, size_t size) {
    if (ssl_ == nullptr) return read(fd_, buffer, size);
    return SSL_read(ssl_, buffer, static_cast<int>(size));
  }
  void Write(const std::string& data) {
    if (ssl_ == nullptr) {
      (void)write(fd_, data.data(), data.size());
    } else {
      SSL_write(ssl_, data.data(), static_cast<int>(data.size()));
    }
  }

 private:
  const int fd_;
  SSL* const ssl_;
  bool handshaken_ = false;
};

// ReadRequest reads one HTTP request with a Content-Length body.
bool ReadRequest(Connection& connection, ReceivedPost& post) {
  std::string data;
  char buffer[4096];
  size_t header_end;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t got = connection.Read(buffer, sizeof(buffer));
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
    const ssize_t got = connection.Read(buffer, sizeof(buffer));
    if (got <= 0) return false;
    post.body.append(buffer, got);
  }
  return true;
}

}  // namespace

WebhookReceiver::WebhookReceiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {
  Listen();
}

WebhookReceiver::WebhookReceiver(std::vector<int> statuses, const std::string& cert,
                                 const std::string& key)
    : statuses_(std::move(statuses)) {
  tls_ = SSL_CTX_new(TLS_server_method());
  if (tls_ == nullptr || SSL_CTX_use_certificate_chain_file(tls_, cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(tls_, key.c_str(), SSL_FILETYPE_PEM) != 1) {
    std::abort();
  }
  Listen();
}

void WebhookReceiver::Listen() {
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
  if (tls_ != nullptr) SSL_CTX_free(tls_);
}

std::string WebhookReceiver::url() const {
  return absl::StrCat(tls_ != nullptr ? "https" : "http", "://127.0.0.1:", port_, "/hook");
}

void WebhookReceiver::Serve() {
  while (true) {
    const int accepted = accept(listener_, nullptr, nullptr);
    if (accepted < 0) return;
    Connection connection(accepted, tls_);
    ReceivedPost post;
    if (connection.ok() && ReadRequest(connection, post)) {
      int status;
      {
        absl::MutexLock lock(&mutex_);
        status = statuses_[std::min(posts_.size(), statuses_.size() - 1)];
        posts_.push_back(std::move(post));
      }
      if (status == 0) {
        char byte;
        while (connection.Read(&byte, 1) > 0) {
        }
        continue;
      }
      const std::string answer =
          absl::StrCat("HTTP/1.1 ", status, " Status\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      connection.Write(answer);
    }
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
