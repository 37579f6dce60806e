#include "services/server/malformed_requests.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "google/protobuf/descriptor.h"
#include "services/server/rpc_status.h"

namespace chancery::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The request type of `method`, as its service's descriptor names it.
std::string RequestTypeOf(const char* method) {
  // "/chancery.v1.EventLogService/ReadLog" -> "chancery.v1.EventLogService.ReadLog"
  std::string name = absl::StrReplaceAll(method[0] == '/' ? method + 1 : method, {{"/", "."}});
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(name);
  return descriptor != nullptr ? descriptor->input_type()->full_name() : "request";
}

class MalformedRequestInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(const char* method) : method_(method) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      malformed_ = true;
    }
    if (malformed_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      methods->ModifySendStatus(MalformedRequest(RequestTypeOf(method_)));
    }
    methods->Proceed();
  }

 private:
  const char* const method_;
  bool malformed_ = false;  // The request's bytes did not deserialize.
};

class MalformedRequestFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // Only a call with one request message: in a client stream, a read with
    // no message is also the client's half-close.
    using Type = grpc::experimental::ServerRpcInfo::Type;
    if (info->type() != Type::UNARY && info->type() != Type::SERVER_STREAMING) return nullptr;
    return new MalformedRequestInterceptor(info->method());
  }
};

}  // namespace

grpc::Status MalformedRequest(const std::string& request_type) {
  return RpcStatus(absl::InvalidArgumentError(
      absl::StrCat("the request is not a valid ", request_type,
                   ": its bytes are not that protobuf message, or a string field in it is not "
                   "UTF-8")));
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MalformedRequestInterceptorFactory() {
  return std::make_unique<MalformedRequestFactory>();
}

}  // namespace chancery::server
