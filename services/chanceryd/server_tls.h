// ServerTls: the listener's TLS credentials, with certificates that can be
// replaced while serving (chanceryd reloads them on SIGHUP).
//
// The files the user names are read, checked (a certificate, a private key
// that matches it, a CA for client certificates) and copied into a private
// directory, which gRPC watches (FileWatcherCertificateProvider, every
// second). Reload checks the files again and replaces the copies in one
// rename, so gRPC never reads a key beside another key's certificate, and a
// bad file never replaces good ones. New connections get the new
// certificates; open connections keep theirs.

#ifndef CHANCERY_SERVICES_CHANCERYD_SERVER_TLS_H_
#define CHANCERY_SERVICES_CHANCERYD_SERVER_TLS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace chancery::chanceryd {

struct TlsFiles {
  std::string cert;       // --tls-cert: PEM certificate chain, the server's first.
  std::string key;        // --tls-key: PEM private key of that certificate.
  std::string client_ca;  // --tls-client-ca: PEM CA certificates; empty: no client certificates.
};

class ServerTls {
 public:
  // Start checks and copies the files. Errors: INVALID_ARGUMENT naming the
  // flag and what is wrong with its file.
  static absl::StatusOr<std::unique_ptr<ServerTls>> Start(const TlsFiles& files);
  ~ServerTls();  // Removes the copies.
  ServerTls(const ServerTls&) = delete;
  ServerTls& operator=(const ServerTls&) = delete;

  // The credentials to listen with (the same object every time).
  const std::shared_ptr<grpc::ServerCredentials>& credentials() const { return credentials_; }

  // Reload reads the files again; on an error the current certificates stay.
  absl::Status Reload();

 private:
  ServerTls(TlsFiles files, std::string directory);
  absl::Status Install();
  absl::Status CheckAndCopy();

  const TlsFiles files_;
  const std::string directory_;  // The private copies.
  std::shared_ptr<grpc::ServerCredentials> credentials_;
};

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_SERVER_TLS_H_
