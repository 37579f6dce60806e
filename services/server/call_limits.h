// CallLimits: how much one caller may ask of the server (docs/security.md,
// "Limits").
//
// A caller is the principal its token names; without tokens, the subject
// of its client certificate; without either, its IP address. Each caller
// has a rate of write calls (RecordEvents, RecordObservations,
// RetractEvent) and of read calls (everything else), each a token bucket
// holding one second's worth, and a number of streams it may hold open at
// once. A call past a limit is RESOURCE_EXHAUSTED with a
// google.rpc.RetryInfo saying when to try again.

#ifndef CHANCERY_SERVICES_SERVER_CALL_LIMITS_H_
#define CHANCERY_SERVICES_SERVER_CALL_LIMITS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace chancery::server {

struct LimitSettings {
  double write_calls_per_second = 20000;  // Per caller; 0: no limit.
  double read_calls_per_second = 50000;   // Per caller; 0: no limit.
  int streams_per_caller = 1000;          // Open subscriptions, watches, exports, replays.
  // How long a unary call that sets no deadline may wait to be served.
  absl::Duration call_deadline = absl::Seconds(60);
};

enum class CallKind { kRead, kWrite };

// DeadlineExceeded: the answer to a unary call whose deadline passed before
// it was served.
grpc::Status DeadlineExceeded();

// CallerOf: who a call comes from, as the limits count it.
std::string CallerOf(const grpc::ServerContextBase& context);

class CallLimits;

// StreamSlot: one open stream of one caller, given back when destroyed.
class StreamSlot {
 public:
  StreamSlot() = default;  // Holds nothing.
  StreamSlot(StreamSlot&& other) noexcept;
  StreamSlot& operator=(StreamSlot&& other) noexcept;
  ~StreamSlot();

 private:
  friend class CallLimits;
  StreamSlot(CallLimits* limits, std::string caller)
      : limits_(limits), caller_(std::move(caller)) {}
  CallLimits* limits_ = nullptr;
  std::string caller_;
};

class CallLimits {
 public:
  explicit CallLimits(LimitSettings settings) : settings_(settings) {}

  // Admit takes one call of `kind` from `caller`'s rate: OK, or the refusal
  // to finish the call with.
  grpc::Status Admit(const std::string& caller, CallKind kind);
  grpc::Status Admit(const grpc::ServerContextBase& context, CallKind kind) {
    return Admit(CallerOf(context), kind);
  }

  // OpenStream admits a read call that opens a stream and takes one of the
  // caller's stream slots into `slot` (in place of what it held), which the
  // stream holds while open.
  grpc::Status OpenStream(std::string caller, StreamSlot* slot);
  grpc::Status OpenStream(const grpc::ServerContextBase& context, StreamSlot* slot) {
    return OpenStream(CallerOf(context), slot);
  }

  // DeadlineOf: until when the server works on a unary call: the caller's
  // deadline, or for a call that sets none, call_deadline after now. A call
  // still waiting for the executor or the writer then is answered
  // DEADLINE_EXCEEDED with nothing done (DeadlineExceeded). Streams have none.
  absl::Time DeadlineOf(const grpc::ServerContextBase& context) const;

 private:
  friend class StreamSlot;
  struct Bucket {
    double tokens = 0;
    absl::Time refilled = absl::InfinitePast();
  };
  struct Caller {
    Bucket reads;
    Bucket writes;
    int open_streams = 0;
  };
  // Take: one token from `bucket` refilled at `rate`, or how long until one.
  static absl::Duration Take(Bucket& bucket, double rate, absl::Time now);
  grpc::Status AdmitLocked(const std::string& caller, CallKind kind)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void CloseStream(const std::string& caller);

  const LimitSettings settings_;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Caller> callers_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_CALL_LIMITS_H_
