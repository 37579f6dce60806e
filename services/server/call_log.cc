#include "services/server/call_log.h"

#include <string>
#include <vector>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/log.h"
#include "services/server/trace_parent.h"

namespace chancery::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr char kRequestIdHeader[] = "x-request-id";
constexpr size_t kMaxRequestId = 128;

// A caller's request id, if it is one a log line may carry: up to 128
// printable ASCII characters.
bool UsableRequestId(grpc::string_ref id) {
  if (id.empty() || id.size() > kMaxRequestId) return false;
  for (char c : id) {
    if (!absl::ascii_isgraph(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local absl::BitGen random;
  return absl::StrFormat("%016x", absl::Uniform<uint64_t>(random));
}

class CallLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallLogInterceptor(grpc::experimental::ServerRpcInfo* info, CallLogSettings settings)
      : info_(info),
        settings_(settings),
        unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* headers = methods->GetRecvInitialMetadata();
      if (auto found = headers->find(kRequestIdHeader);
          found != headers->end() && UsableRequestId(found->second)) {
        request_id_.assign(found->second.data(), found->second.size());
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, RequestId());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Logged(methods->GetSendStatus().error_code());
    }
    methods->Proceed();
  }

 private:
  const std::string& RequestId() {
    if (request_id_.empty()) request_id_ = NewRequestId();
    return request_id_;
  }

  void Logged(grpc::StatusCode code) {
    const absl::Duration duration = absl::Now() - start_;
    const bool slow = unary_ && duration >= settings_.slow;
    if (!slow && !settings_.every_call) return;
    std::vector<log::Field> fields = {
        {"method", info_->method()},
        {"peer", info_->server_context()->peer()},
        {"status", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))},
        {"duration_ms", absl::ToDoubleMilliseconds(duration)},
        {"request_id", RequestId()}};
    // Read here, not as the call starts: most calls write no line.
    if (std::optional<TraceParent> trace = TraceParentOf(*info_->server_context())) {
      fields.push_back({"trace_id", trace->trace_id});
    }
    log::Write(slow ? log::Level::kWarning : log::Level::kInfo,
               slow ? "chanceryd: slow call" : "chanceryd: call", fields);
  }

  grpc::experimental::ServerRpcInfo* const info_;
  const CallLogSettings settings_;
  const bool unary_;
  const absl::Time start_ = absl::Now();
  std::string request_id_;
};

class CallLogFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallLogFactory(CallLogSettings settings) : settings_(settings) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new CallLogInterceptor(info, settings_);
  }

 private:
  const CallLogSettings settings_;
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> CallLogInterceptorFactory(
    CallLogSettings settings) {
  return std::make_unique<CallLogFactory>(settings);
}

}  // namespace chancery::server
