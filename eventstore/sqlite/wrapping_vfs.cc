#include "eventstore/sqlite/wrapping_vfs.h"

#include <cstdlib>

#include "absl/time/clock.h"

namespace chancery::eventstore::sqlite {
namespace {

// A file of the wrapping VFS: SQLite's handle, then the wrapped unix file in
// the rest of the szOsFile bytes SQLite allocates for it.
struct WrappedFile {
  sqlite3_file base;
  const char* name;  // SQLite keeps it valid until xClose; null for a temporary file.
  VfsHooks* hooks;   // The VFS's.
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

sqlite3_vfs* RealVfs() {
  static sqlite3_vfs* real = sqlite3_vfs_find("unix");
  return real;
}

WrappedFile* AsWrapped(sqlite3_file* file) { return reinterpret_cast<WrappedFile*>(file); }

int Fail(FileOperation operation, sqlite3_file* file) {
  WrappedFile* wrapped = AsWrapped(file);
  return wrapped->hooks->Before(operation, wrapped->name);
}

// The file methods: each passes the call to the unix file unless a hook says otherwise.
int Close(sqlite3_file* file) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xClose(real);
}
int Read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
  if (int failure = Fail(FileOperation::kRead, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xRead(real, buffer, amount, offset);
}
int Write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
  if (int failure = Fail(FileOperation::kWrite, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xWrite(real, buffer, amount, offset);
}
int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xTruncate(real, size);
}
int Sync(sqlite3_file* file, int flags) {
  if (int failure = Fail(FileOperation::kSync, file); failure != SQLITE_OK) return failure;
  WrappedFile* wrapped = AsWrapped(file);
  sqlite3_file* real = wrapped->real();
  const absl::Time start = absl::Now();
  const int result = real->pMethods->xSync(real, flags);
  wrapped->hooks->Synced(wrapped->name, absl::Now() - start);
  return result;
}
int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xFileSize(real, size);
}
int Lock(sqlite3_file* file, int level) {
  if (int failure = Fail(FileOperation::kLock, file); failure != SQLITE_OK) return failure;
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xLock(real, level);
}
int Unlock(sqlite3_file* file, int level) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xUnlock(real, level);
}
int CheckReservedLock(sqlite3_file* file, int* reserved) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xCheckReservedLock(real, reserved);
}
int FileControl(sqlite3_file* file, int op, void* argument) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xFileControl(real, op, argument);
}
int SectorSize(sqlite3_file* file) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xSectorSize(real);
}
int DeviceCharacteristics(sqlite3_file* file) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xDeviceCharacteristics(real);
}
// The shared-memory and memory-map methods exist only on the main database
// file (the unix VFS gives a WAL file none), and SQLite calls them only there.
int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** memory) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xShmMap(real, region, size, extend, memory);
}
int ShmLock(sqlite3_file* file, int offset, int count, int flags) {
  if ((flags & SQLITE_SHM_LOCK) && (flags & SQLITE_SHM_EXCLUSIVE)) {
    if (int failure = Fail(FileOperation::kLock, file); failure != SQLITE_OK) return failure;
  }
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xShmLock(real, offset, count, flags);
}
void ShmBarrier(sqlite3_file* file) {
  sqlite3_file* real = AsWrapped(file)->real();
  real->pMethods->xShmBarrier(real);
}
int ShmUnmap(sqlite3_file* file, int delete_flag) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xShmUnmap(real, delete_flag);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** page) {
  sqlite3_file* real = AsWrapped(file)->real();
  return real->pMethods->xFetch(real, offset, amount, page);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  sqlite3_file* real = AsWrapped(file)->real();
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
  WrappedFile* wrapped = AsWrapped(file);
  wrapped->base.pMethods = nullptr;  // SQLite closes only a file with methods.
  wrapped->name = name;
  wrapped->hooks = static_cast<VfsHooks*>(vfs->pAppData);
  if (int failure = wrapped->hooks->Before(FileOperation::kOpen, name); failure != SQLITE_OK) {
    return failure;
  }
  sqlite3_file* real = wrapped->real();
  int result = RealVfs()->xOpen(RealVfs(), name, real, flags, out_flags);
  if (real->pMethods != nullptr) {
    wrapped->base.pMethods = real->pMethods->iVersion >= 3 ? &kMethodsV3 : &kMethodsV1;
  }
  return result;
}

// The VFS's other methods pass straight through.
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

}  // namespace

void RegisterWrappingVfs(const char* name, VfsHooks* hooks) {
  // Owned by SQLite's registry for the life of the process.
  auto* vfs = new sqlite3_vfs{
      2,                                                   // iVersion
      static_cast<int>(sizeof(WrappedFile)) + RealVfs()->szOsFile,
      RealVfs()->mxPathname,
      nullptr,                                             // pNext
      name,
      hooks,                                               // pAppData
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
  if (RealVfs() == nullptr || sqlite3_vfs_register(vfs, 0) != SQLITE_OK) std::abort();
}

}  // namespace chancery::eventstore::sqlite
