#include "chancery/security.h"

#include <map>
#include <utility>

namespace chancery {
namespace {

// Adds the bearer token to every call.
class BearerToken : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerToken(const std::string& token) : value_("Bearer " + token) {}
  bool IsBlocking() const override { return false; }
  grpc::Status GetMetadata(grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
                           const grpc::AuthContext& /*channel_auth_context*/,
                           std::multimap<std::string, std::string>* metadata) override {
    metadata->emplace("authorization", value_);
    return grpc::Status::OK;
  }

 private:
  const std::string value_;
};

}  // namespace

std::shared_ptr<grpc::ChannelCredentials> CredentialsFor(const Security& security) {
  std::shared_ptr<grpc::ChannelCredentials> channel;
  if (security.tls()) {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = security.tls_ca_pem;
    options.pem_cert_chain = security.tls_cert_pem;
    options.pem_private_key = security.tls_key_pem;
    channel = grpc::SslCredentials(options);
  } else if (!security.token.empty()) {
    channel = grpc::experimental::LocalCredentials(LOCAL_TCP);
  } else {
    return grpc::InsecureChannelCredentials();
  }
  if (security.token.empty()) return channel;
  // Local credentials report no security level; the token may go over them
  // since they reach this machine only.
  return grpc::CompositeChannelCredentials(
      channel, grpc::experimental::MetadataCredentialsFromPlugin(
                   std::make_unique<BearerToken>(security.token),
                                                   GRPC_SECURITY_NONE));
}

}  // namespace chancery
