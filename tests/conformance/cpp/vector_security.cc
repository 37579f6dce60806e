#include "tests/conformance/cpp/vector_security.h"

#include <openssl/sha.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::conformance {
namespace {

std::string TokenOf(const std::string& principal) { return "token-of-" + principal; }

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

// MakeTestPki runs make-test-pki.sh, which writes the certificates into `dir`.
absl::Status MakeTestPki(const std::string& dir) {
  const std::string script =
      std::string(CHANCERY_SOURCE_DIR) + "/tests/conformance/make-test-pki.sh";
  if (std::system((script + " '" + dir + "'").c_str()) != 0) {
    return absl::InternalError(script + " failed");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VectorSecurity> VectorSecurity::Make(const google::protobuf::Value& server,
                                                    const std::string& dir) {
  VectorSecurity security;
  std::filesystem::create_directories(dir);
  const auto& fields = server.struct_value().fields();
  const auto tls = fields.find("tls");
  if (tls != fields.end()) {
    absl::Status made = MakeTestPki(dir);
    if (!made.ok()) return made;
    security.server_flags_ = {"--tls-cert=" + dir + "/server.pem", "--tls-key=" + dir + "/server.key"};
    security.tls_.tls_ca_pem = testing::ReadFile(dir + "/ca.pem");
    if (tls->second.string_value() == "mutual") {
      security.server_flags_.push_back("--tls-client-ca=" + dir + "/ca.pem");
      security.tls_.tls_cert_pem = testing::ReadFile(dir + "/client.pem");
      security.tls_.tls_key_pem = testing::ReadFile(dir + "/client.key");
    }
  }
  const auto tokens = fields.find("tokens");
  if (tokens != fields.end()) {
    const std::string path = dir + "/tokens";
    std::ofstream file(path);
    for (const auto& [principal, roles] : tokens->second.struct_value().fields()) {
      file << "sha256:" << Sha256Hex(TokenOf(principal)) << " " << principal << " "
           << roles.string_value() << "\n";
    }
    if (!file.flush()) return absl::InternalError("cannot write " + path);
    security.server_flags_.push_back("--tokens=" + path);
  }
  return security;
}

Security VectorSecurity::For(const std::string& principal) const {
  Security security = tls_;
  if (!principal.empty()) security.token = TokenOf(principal);
  return security;
}

}  // namespace chancery::conformance
