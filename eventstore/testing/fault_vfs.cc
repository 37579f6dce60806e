#include "eventstore/testing/fault_vfs.h"

#include <sqlite3.h>

#include <cstdlib>
#include <cstring>

namespace chancery::testing {
namespace {

// A file of the fault VFS: SQLite's handle, then the wrapped unix file in
// the rest of the szOsFile bytes SQLite allocates for it.
struct FaultFile {
  sqlite3_file base;
  const char* name;  // SQLite keeps it valid until xClose; null for a temporary file.
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

sqlite3_vfs* RealVfs() {
  static sqlite3_vfs* real = sqlite3_vfs_find("unix");
  return real;
}

FaultFile* AsFault(sqlite3_file* file) { return reinterpret_cast<FaultFile*>(file); }

int Fail(FileOperation operation, sqlite3_file* file) {
  return FaultVfs::Instance().FailureFor(operation, AsFault(file)->name);
}

// The file methods: each passes the call to the unix file unless a fault says otherwise.
int Close(sqlite3_file* file) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xClose(real);
}
int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  if (int failure = Fail(FileOperation::kRead, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xRead(real, buffer, amount, offset);
}
int Write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  if (int failure = Fail(FileOperation::kWrite, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xWrite(real, buffer, amount, offset);
}
int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xTruncate(real, size);
}
int Sync(sqlite3_file* file, int flags) {
  if (int failure = Fail(FileOperation::kSync, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xSync(real, flags);
}
int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xFileSize(real, size);
}
int Lock(sqlite3_file* file, int level) {
  if (int failure = Fail(FileOperation::kLock, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xLock(real, level);
}
int Unlock(sqlite3_file* file, int level) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xUnlock(real, level);
}
int CheckReservedLock(sqlite3_file* file, int* reserved) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xCheckReservedLock(real, reserved);
}
int FileControl(sqlite3_file* file, int op, void* argument) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xFileControl(real, op, argument);
}
int SectorSize(sqlite3_file* file) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xSectorSize(real);
}
int DeviceCharacteristics(sqlite3_file* file) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xDeviceCharacteristics(real);
}
// The shared-memory and memory-map methods exist only on the main database
// file (the unix VFS gives a WAL file none), and SQLite calls them only there.
int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** memory) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xShmMap(real, region, size, extend, memory);
}
int ShmLock(sqlite3_file* file, int offset, int count, int flags) {
  if ((flags & SQLITE_SHM_LOCK) && (flags & SQLITE_SHM_EXCLUSIVE)) {
    if (int failure = Fail(FileOperation::kLock, file); failure != SQLITE_OK) return failure;
  }
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xShmLock(real, offset, count, flags);
}
void ShmBarrier(sqlite3_file* file) {
  sqlite3_file* real = AsFault(file)->real();
  real->pMethods->xShmBarrier(real);
}
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xShmUnmap(real, delete_flag);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** page) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xFetch(real, offset, amount, page);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  sqlite3_file* real = AsFault(file)->real();
  return real->pMethods->xUnfetch(real, offset, page);
}

// Methods of version 1 for a file whose unix methods are of version 1 (a
// WAL file), all three versions for the main database file.
const sqlite3_io_methods kMethodsV1 = {
    1,     Close,        Read, Write, Truncate, Sync, FileSize, Lock, Unlock, CheckReservedLock,
    FileControl, SectorSize, DeviceCharacteristics,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};  // Versions 2 and 3: none.
const sqlite3_io_methods kMethodsV3 = {
    3,          Close,      Read,         Write,     Truncate,
    Sync,       FileSize,   Lock,         Unlock,    CheckReservedLock,
    FileControl, SectorSize, DeviceCharacteristics, ShmMap, ShmLock,
    ShmBarrier, ShmUnmap,   Fetch,        Unfetch};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  FaultFile* fault = AsFault(file);
  fault->base.pMethods = nullptr;  // SQLite closes only a file with methods.
  fault->name = name;
  if (int failure = FaultVfs::Instance().FailureFor(FileOperation::kOpen, name);
      failure != SQLITE_OK) {
    return failure;
  }
  sqlite3_file* real = fault->real();
  int result = RealVfs()->xOpen(RealVfs(), name, real, flags, out_flags);
  if (real->pMethods != nullptr) {
    fault->base.pMethods = real->pMethods->iVersion >= 3 ? &kMethodsV3 : &kMethodsV1;
  }
  return result;
}

// The VFS's other methods need no faults.
int Delete(sqlite3_vfs*, const char* name, int sync_directory) {
  return RealVfs()->xDelete(RealVfs(), name, sync_directory);
}
int Access(sqlite3_vfs*, const char* name, int flags, int* result) {
  return RealVfs()->xAccess(RealVfs(), name, flags, result);
}
int FullPathname(sqlite3_vfs*, const char* name, int size, char* out) {
  return RealVfs()->xFullPathname(RealVfs(), name, size, out);
}
void* DlOpen(sqlite3_vfs*, const char* name) { return RealVfs()->xDlOpen(RealVfs(), name); }
void DlError(sqlite3_vfs*, int size, char* message) {
  RealVfs()->xDlError(RealVfs(), size, message);
}
void (*DlSym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
  return RealVfs()->xDlSym(RealVfs(), handle, symbol);
}
void DlClose(sqlite3_vfs*, void* handle) { RealVfs()->xDlClose(RealVfs(), handle); }
int Randomness(sqlite3_vfs*, int size, char* out) {
  return RealVfs()->xRandomness(RealVfs(), size, out);
}
int Sleep(sqlite3_vfs*, int microseconds) { return RealVfs()->xSleep(RealVfs(), microseconds); }
int CurrentTime(sqlite3_vfs*, double* now) { return RealVfs()->xCurrentTime(RealVfs(), now); }
int GetLastError(sqlite3_vfs*, int size, char* message) {
  return RealVfs()->xGetLastError(RealVfs(), size, message);
}
int CurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* now) {
  return RealVfs()->xCurrentTimeInt64(RealVfs(), now);
}

void Register() {
  static sqlite3_vfs vfs = {
      2,                                                   // iVersion
      static_cast<int>(sizeof(FaultFile)) + RealVfs()->szOsFile,
      RealVfs()->mxPathname,
      nullptr,                                             // pNext
      FaultVfs::kName,
      nullptr,                                             // pAppData
      Open,
      Delete,
      Access,
      FullPathname,
      DlOpen,
      DlError,
      DlSym,
      DlClose,
      Randomness,
      Sleep,
      CurrentTime,
      GetLastError,
      CurrentTimeInt64,
      nullptr,  // Version 3's system-call hooks: not offered.
      nullptr,
      nullptr,
  };
  if (RealVfs() == nullptr || sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) std::abort();
}

bool EndsWith(const char* text, const std::string& suffix) {
  const size_t length = std::strlen(text);
  return length >= suffix.size() &&
         suffix.compare(0, suffix.size(), text + length - suffix.size()) == 0;
}

}  // namespace

FaultVfs& FaultVfs::Instance() {
  static FaultVfs* instance = [] {
    Register();
    return new FaultVfs();
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

int FaultVfs::FailureFor(FileOperation operation, const char* file) {
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
