#include "services/server/call_metrics.h"

#include <grpcpp/support/byte_buffer.h>

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "google/protobuf/message_lite.h"

namespace chancery::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

// The methods whose handlers take their requests as raw bytes (a
// grpc::ByteBuffer): SubscribeLog (it answers with prepared bytes) and gRPC's
// own health service. Every other method's request is a protobuf message.
bool TakesRawRequests(const std::string& method) {
  static const auto* const kRaw = new absl::flat_hash_set<std::string>{
      "/chancery.v1.EventLogService/SubscribeLog", "/grpc.health.v1.Health/Check",
      "/grpc.health.v1.Health/Watch"};
  return kRaw->contains(method);
}

class CallMetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallMetricsInterceptor(Metrics* metrics, std::string method)
      : metrics_(metrics), method_(std::move(method)), raw_(TakesRawRequests(method_)) {
    metrics_->CallStarted(method_);
  }
  // A call cancelled before it sent a status is counted as CANCELLED.
  ~CallMetricsInterceptor() override {
    if (!ended_) End("CANCELLED");
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      received_ += ReceivedSize(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (const grpc::ByteBuffer* message = methods->GetSerializedSendMessage()) {
        sent_ += message->Length();
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::StatusCode code = methods->GetSendStatus().error_code();
      End(absl::StatusCodeToString(static_cast<absl::StatusCode>(code)));
    }
    methods->Proceed();
  }

 private:
  // ReceivedSize: the serialized size of a request gRPC has just parsed
  // (null when it could not, or when the client half-closed).
  size_t ReceivedSize(const void* message) const {
    if (message == nullptr) return 0;
    if (raw_) return static_cast<const grpc::ByteBuffer*>(message)->Length();
    return static_cast<const google::protobuf::MessageLite*>(message)->ByteSizeLong();
  }

  void End(const std::string& status) {
    ended_ = true;
    metrics_->CallEnded(method_, status, absl::Now() - start_, sent_, received_);
  }

  Metrics* const metrics_;
  const std::string method_;
  const bool raw_;
  const absl::Time start_ = absl::Now();
  size_t sent_ = 0;
  size_t received_ = 0;
  bool ended_ = false;
};

class CallMetricsFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallMetricsFactory(Metrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallMetricsInterceptor(metrics_, info->method());
  }

 private:
  Metrics* const metrics_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
CallMetricsInterceptorFactory(Metrics* metrics) {
  return std::make_unique<CallMetricsFactory>(metrics);
}

}  // namespace chancery::server
