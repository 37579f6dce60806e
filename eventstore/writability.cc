#include "eventstore/writability.h"

#include <utility>

namespace chancery::eventstore {

void Writability::Set(const absl::Status& outcome) {
  absl::MutexLock lock(&mutex_);
  const bool changed = outcome.ok() != state_.ok();
  state_ = outcome;
  if (changed && listener_) listener_(state_);
}

bool Writability::writable() const {
  absl::MutexLock lock(&mutex_);
  return state_.ok();
}

void Writability::SetListener(WritabilityListener listener) {
  absl::MutexLock lock(&mutex_);
  listener_ = std::move(listener);
  if (listener_) listener_(state_);
}

}  // namespace chancery::eventstore
