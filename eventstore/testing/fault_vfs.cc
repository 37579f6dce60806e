#include "eventstore/testing/fault_vfs.h"

#include <sqlite3.h>

#include <cstring>

namespace chancery::testing {
namespace {

bool EndsWith(const char* text, const std::string& suffix) {
  const size_t length = std::strlen(text);
  return length >= suffix.size() &&
         suffix.compare(0, suffix.size(), text + length - suffix.size()) == 0;
}

}  // namespace

FaultVfs& FaultVfs::Instance() {
  static FaultVfs* instance = [] {
    auto* faults = new FaultVfs();
    eventstore::sqlite::RegisterWrappingVfs(kName, faults);
    return faults;
  }();
  return *instance;
}

void FaultVfs::Inject(const Fault& fault) {
  std::lock_guard<std::mutex> lock(mutex_);
  Armed& armed = armed_[static_cast<size_t>(fault.operation)];
  armed.active = fault.times != 0;
  armed.fault = fault;
  armed.failures = 0;
}

void FaultVfs::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Armed& armed : armed_) armed.active = false;
}

int FaultVfs::Failures(FileOperation operation) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return armed_[static_cast<size_t>(operation)].failures;
}

int FaultVfs::Before(FileOperation operation, const char* file) {
  std::lock_guard<std::mutex> lock(mutex_);
  Armed& armed = armed_[static_cast<size_t>(operation)];
  if (!armed.active) return SQLITE_OK;
  if (!armed.fault.file_suffix.empty() &&
      (file == nullptr || !EndsWith(file, armed.fault.file_suffix))) {
    return SQLITE_OK;
  }
  ++armed.failures;
  if (armed.fault.times != kUntilCleared && --armed.fault.times == 0) armed.active = false;
  return armed.fault.result;
}

}  // namespace chancery::testing
