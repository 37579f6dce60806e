// TokenAuthenticator: checks each call's bearer token and role before any
// handler runs (gRPC's AuthMetadataProcessor, which runs on the listener's
// security layer, so it needs TLS or local credentials).
//
// A call to an open method (health; reflection unless closed) passes. Any
// other call needs "authorization: Bearer <token>" whose digest is in the
// tokens file: UNAUTHENTICATED when the token is missing, malformed or
// unknown; PERMISSION_DENIED naming the role the method needs when its
// principal lacks it. A call that passes carries its principal in the auth
// context (PrincipalOf) and no longer carries its token.

#ifndef CHANCERY_SERVICES_SERVER_TOKEN_AUTHENTICATOR_H_
#define CHANCERY_SERVICES_SERVER_TOKEN_AUTHENTICATOR_H_

#include <grpcpp/security/auth_metadata_processor.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "services/server/token_file.h"

namespace chancery::server {

class TokenAuthenticator : public grpc::AuthMetadataProcessor {
 public:
  TokenAuthenticator(TokenTable tokens, bool reflection_open);

  // Replace puts `tokens` in place of the current table for calls that start
  // from now on (chanceryd re-reads its tokens file on SIGHUP).
  void Replace(TokenTable tokens);

  // Cheap and never waits: it runs on gRPC's thread.
  bool IsBlocking() const override { return false; }
  grpc::Status Process(const InputMetadata& auth_metadata, grpc::AuthContext* context,
                       OutputMetadata* consumed_auth_metadata,
                       OutputMetadata* response_metadata) override;

 private:
  const bool reflection_open_;
  absl::Mutex mutex_;
  std::shared_ptr<const TokenTable> tokens_ ABSL_GUARDED_BY(mutex_);
};

// RecorderOf: who a call comes from, as records keep it: the principal of
// its token, else the subject of its client certificate (mutual TLS), else
// "" (a server that trusts every caller).
std::string RecorderOf(const grpc::ServerContextBase& context);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_TOKEN_AUTHENTICATOR_H_
