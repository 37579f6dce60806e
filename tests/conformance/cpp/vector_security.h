// VectorSecurity: a vector's "server" section (tests/conformance/README.md,
// "The server"): chanceryd's TLS and token flags, and the chancery::Security
// of a client making calls as a principal, with the certificates of
// tests/conformance/make-test-pki.sh.

#ifndef CHANCERY_TESTS_CONFORMANCE_CPP_VECTOR_SECURITY_H_
#define CHANCERY_TESTS_CONFORMANCE_CPP_VECTOR_SECURITY_H_

#include <google/protobuf/struct.pb.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chancery/security.h"

namespace chancery::conformance {

class VectorSecurity {
 public:
  // Make reads `server` (null for a vector without one) and, when it asks
  // for TLS, makes the test certificates in `dir` (the tokens file goes there too).
  static absl::StatusOr<VectorSecurity> Make(const google::protobuf::Value& server,
                                             const std::string& dir);

  // chanceryd's flags: TLS and tokens as the section says.
  const std::vector<std::string>& server_flags() const { return server_flags_; }

  // For a client making calls as `principal` ("": no token).
  Security For(const std::string& principal) const;

 private:
  std::vector<std::string> server_flags_;
  Security tls_;  // The CA, and for mutual TLS the client certificate.
};

}  // namespace chancery::conformance

#endif  // CHANCERY_TESTS_CONFORMANCE_CPP_VECTOR_SECURITY_H_
