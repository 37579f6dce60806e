// chancery::Security: how a Client proves who it is and whom it talks to.
//
// Example (TLS and a token):
//   chancery::Security security;
//   security.tls_ca_pem = ReadFile("ca.pem");   // The CA that signed chanceryd's certificate.
//   security.token = std::getenv("CHANCERY_TOKEN");
//   chancery::Client client("chancery.example.org:50051", security);

#ifndef CHANCERY_CLIENT_SECURITY_H_
#define CHANCERY_CLIENT_SECURITY_H_

#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

namespace chancery {

struct Security {
  // Sent as "authorization: Bearer <token>" with every call; empty: none.
  std::string token;
  // TLS: the PEM certificates of the CA that signed the server's
  // certificate. For mutual TLS also this client's PEM certificate chain
  // and its private key. All empty: plaintext.
  std::string tls_ca_pem;
  std::string tls_cert_pem;
  std::string tls_key_pem;
  // The name the server's certificate must carry, when it is not the
  // target's host. A list of replicas (servers.h) is checked against its
  // first address's host unless this names one that all their certificates
  // carry (chancery.internal).
  std::string tls_server_name;

  bool tls() const { return !tls_ca_pem.empty() || !tls_cert_pem.empty(); }
};

// CredentialsFor: gRPC channel credentials for `security`. A token over
// plaintext travels only to a loopback address (gRPC's local credentials),
// as chanceryd accepts tokens without TLS only there.
std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(const Security& security);

}  // namespace chancery

#endif  // CHANCERY_CLIENT_SECURITY_H_
