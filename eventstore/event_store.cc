#include "eventstore/event_store.h"

#include <future>
#include <utility>

namespace chancery::eventstore {

absl::StatusOr<AppendResult> EventStore::Append(AppendRequest request) {
  std::promise<absl::StatusOr<AppendResult>> answer;
  std::future<absl::StatusOr<AppendResult>> result = answer.get_future();
  AppendAsync(std::move(request), [&answer](absl::StatusOr<AppendResult> outcome) {
    answer.set_value(std::move(outcome));
  });
  return result.get();
}

}  // namespace chancery::eventstore
