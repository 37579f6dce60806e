// BatchStreamReactor: a server stream that writes whatever a source hands
// it, batch by batch, until the source returns an empty batch (the stream
// then ends OK) or an error (the stream ends with it). The next batch is
// fetched only when the previous one has been written, so a slow client
// holds one batch in memory, not the whole answer. The source (a store
// read, a fold) runs on an Executor, never on gRPC's threads.

#ifndef CHANCERY_SERVICES_SERVER_BATCH_STREAM_REACTOR_H_
#define CHANCERY_SERVICES_SERVER_BATCH_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <functional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "services/server/call_limits.h"
#include "services/server/executor.h"
#include "services/server/rpc_status.h"

namespace chancery::server {

template <typename Response>
class BatchStreamReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  using Source = std::function<absl::StatusOr<std::vector<Response>>()>;

  // The reactor deletes itself when the RPC is done; `executor` must outlive
  // it. The reactor is finished only after a fetch, never during one, so
  // OnDone (which follows Finish) never comes while the source runs.
  // It holds `slot` (its caller's count of open streams) until done.
  BatchStreamReactor(Executor* executor, StreamSlot slot, Source source)
      : executor_(executor), slot_(std::move(slot)), source_(std::move(source)) {
    Next();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      // The client is gone; the call still has to finish to be done.
      this->Finish(RpcStatus(absl::CancelledError("write failed")));
      return;
    }
    Next();
  }
  void OnDone() override { delete this; }

 private:
  void Next() {
    if (!pending_.empty()) {
      WriteNext();
      return;
    }
    executor_->Post([this] {
      absl::StatusOr<std::vector<Response>> batch = source_();
      if (!batch.ok()) {
        this->Finish(RpcStatus(batch.status()));
        return;
      }
      if (batch->empty()) {
        this->Finish(grpc::Status::OK);
        return;
      }
      for (Response& response : *batch) pending_.push_back(std::move(response));
      WriteNext();
    });
  }

  void WriteNext() {
    in_flight_ = std::move(pending_.front());
    pending_.pop_front();
    this->StartWrite(&in_flight_);
  }

  Executor* const executor_;
  const StreamSlot slot_;
  Source source_;
  std::deque<Response> pending_;
  Response in_flight_;
};

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_BATCH_STREAM_REACTOR_H_
