#include "services/server/token_authenticator.h"

#include <grpc/grpc_security_constants.h>

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace chancery::server {
namespace {

constexpr char kPrincipalProperty[] = "chancery.principal";

constexpr absl::string_view kHowToSend =
    "send the metadata \"authorization: Bearer <token>\" (chancery --token or CHANCERY_TOKEN)";

absl::string_view Lookup(const grpc::AuthMetadataProcessor::InputMetadata& metadata,
                         absl::string_view key) {
  auto entry = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (entry == metadata.end()) return {};
  return absl::string_view(entry->second.data(), entry->second.size());
}

}  // namespace

TokenAuthenticator::TokenAuthenticator(TokenTable tokens, bool reflection_open)
    : reflection_open_(reflection_open),
      tokens_(std::make_shared<const TokenTable>(std::move(tokens))) {}

void TokenAuthenticator::Replace(TokenTable tokens) {
  auto replacement = std::make_shared<const TokenTable>(std::move(tokens));
  absl::MutexLock lock(&mutex_);
  tokens_ = std::move(replacement);
}

grpc::Status TokenAuthenticator::Process(const InputMetadata& auth_metadata,
                                         grpc::AuthContext* context,
                                         OutputMetadata* consumed_auth_metadata,
                                         OutputMetadata* /*response_metadata*/) {
  const absl::string_view method = Lookup(auth_metadata, ":path");
  const Access access = AccessFor(method, reflection_open_);
  if (access.kind == Access::Kind::kOpen) return grpc::Status::OK;

  const absl::string_view authorization = Lookup(auth_metadata, "authorization");
  if (authorization.empty()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat(MethodName(method), " needs a token: ", kHowToSend));
  }
  absl::string_view token = authorization;
  // The scheme is case-insensitive (RFC 7235).
  if (token.size() < 7 || !absl::EqualsIgnoreCase(token.substr(0, 7), "bearer ")) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat("the authorization metadata is not \"Bearer <token>\"; ",
                                     kHowToSend));
  }
  token = absl::StripAsciiWhitespace(token.substr(7));
  std::shared_ptr<const TokenTable> tokens;
  {
    absl::MutexLock lock(&mutex_);
    tokens = tokens_;
  }
  auto grant = tokens->find(TokenDigest(token));
  if (grant == tokens->end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "the token is not one this server knows (revoked, mistyped, or for "
                        "another server)");
  }
  if (absl::Now() >= grant->second.expires) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        absl::StrCat("the token of principal ", grant->second.principal,
                                     " expired at ",
                                     absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", grant->second.expires,
                                                      absl::UTCTimeZone()),
                                     "; ask for a new one"));
  }
  if (access.kind == Access::Kind::kRole && !grant->second.roles.Allows(access.role)) {
    return grpc::Status(
        grpc::StatusCode::PERMISSION_DENIED,
        absl::StrCat(MethodName(method), " needs the role ", RoleName(access.role),
                     access.role == Role::kAdmin ? "" : " (or admin)", "; principal ",
                     grant->second.principal, " has ", grant->second.roles.ToString()));
  }
  context->AddProperty(kPrincipalProperty, grant->second.principal);
  consumed_auth_metadata->insert({"authorization", std::string(authorization)});
  return grpc::Status::OK;
}

std::string RecorderOf(const grpc::ServerContextBase& context) {
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) return "";
  for (const char* property : {kPrincipalProperty, GRPC_X509_SUBJECT_PROPERTY_NAME}) {
    std::vector<grpc::string_ref> values = auth->FindPropertyValues(property);
    if (!values.empty()) return std::string(values.front().data(), values.front().size());
  }
  return "";
}

}  // namespace chancery::server
