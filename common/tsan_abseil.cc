// Built into every executable of a ThreadSanitizer build (CHANCERY_SANITIZE=thread), and
// only there: tells TSan how Abseil orders memory between threads, where Debian's Abseil,
// not built with TSan, does it out of TSan's sight.
//
// absl::Mutex takes and releases its lock with atomics and futexes inside
// libabsl_synchronization.so. TSan knows nothing of the order a mutex imposes, and reports
// every access to data guarded by an absl::Mutex from two threads as a race: ours
// (ABSL_GUARDED_BY data). A race on guarded data is exactly what TSan is here to find, so
// suppressing those reports would hide real ones.
//
// absl::Status shares its payload between copies and frees it with the last one, counting
// references with an atomic in libabsl_status.so: a copy read on one thread and the last
// copy dropped on another look like a race between the read and the free.
//
// How: an executable's definitions come before those of the shared libraries it loads, so
// the definitions below take the place of the libraries' for every caller (ours, gRPC's and
// Abseil's own, through the PLT). The mutex functions call the library's own (found with
// dlsym(RTLD_NEXT)) between the __tsan_mutex_* annotations that an Abseil built with TSan
// makes in the same places (absl/synchronization/mutex.cc). Between the "pre" and "post"
// annotations TSan ignores this thread's memory accesses, which covers the Conditions that
// Abseil evaluates, on whichever thread, inside these calls. Status's reference count is
// dropped here, in code TSan instruments, exactly as libabsl_status does it. gRPC's own
// mutexes are annotated too; what else gRPC does out of TSan's sight is the business of
// tests/sanitizers/tsan.supp.
//
// A Mutex::Await or CondVar::Wait releases the lock and takes it back in the mode it was
// held in; TSan needs that mode, so the reader locks a thread holds are tracked here. The
// *WithTimeout functions are left to the library: each calls its *WithDeadline through the
// PLT (Abseil 20220623), which is annotated here; annotating both would count one lock twice.

#include <dlfcn.h>
#include <sanitizer/tsan_interface.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

#if !ABSL_OPTION_USE_INLINE_NAMESPACE
#error "the mangled names below assume Abseil's inline namespace (Debian's is debian3)"
#endif
#define CHANCERY_STRINGIFY_INNER(x) #x
#define CHANCERY_STRINGIFY(x) CHANCERY_STRINGIFY_INNER(x)

namespace {

// Real returns the library's definition of the function whose mangled name, after
// "_ZN4absl<inline namespace>", is `suffix`.
template <typename Function>
Function Real(const char* suffix) {
  const std::string inline_namespace = CHANCERY_STRINGIFY(ABSL_OPTION_INLINE_NAMESPACE_NAME);
  const std::string name =
      "_ZN4absl" + std::to_string(inline_namespace.size()) + inline_namespace + suffix;
  void* function = dlsym(RTLD_NEXT, name.c_str());
  if (function == nullptr) {
    std::fprintf(stderr, "tsan_abseil: no %s in the loaded libraries\n", name.c_str());
    std::abort();
  }
  return reinterpret_cast<Function>(function);
}

// The function-local statics resolve each function on its first call, which may come
// before main (gRPC and Abseil lock mutexes in their static initializers).
#define CHANCERY_REAL(type, suffix)                  \
  static const auto real = Real<type>(suffix)

// The reader locks this thread holds. Plain arrays: a thread_local with a destructor
// could be gone when a later thread-exit destructor unlocks a mutex.
constexpr int kMaxReaderLocks = 64;
thread_local const absl::Mutex* reader_locks[kMaxReaderLocks];
thread_local int reader_lock_count = 0;

unsigned HeldModeFlags(const absl::Mutex* mu) {
  for (int i = 0; i < reader_lock_count; ++i) {
    if (reader_locks[i] == mu) return __tsan_mutex_read_lock;
  }
  return 0;
}

void NoteReaderLock(const absl::Mutex* mu) {
  if (reader_lock_count == kMaxReaderLocks) {
    std::fprintf(stderr, "tsan_abseil: a thread holds more than %d reader locks\n",
                 kMaxReaderLocks);
    std::abort();
  }
  reader_locks[reader_lock_count++] = mu;
}

void NoteReaderUnlock(const absl::Mutex* mu) {
  for (int i = reader_lock_count - 1; i >= 0; --i) {
    if (reader_locks[i] == mu) {
      reader_locks[i] = reader_locks[--reader_lock_count];
      return;
    }
  }
}

// The lock is released and taken back in the same mode while `wait` runs.
template <typename Wait>
auto Reacquiring(absl::Mutex* mu, Wait wait) {
  const unsigned mode = HeldModeFlags(mu);
  __tsan_mutex_pre_unlock(mu, mode);
  const auto result = wait();
  __tsan_mutex_post_unlock(mu, mode);
  __tsan_mutex_pre_lock(mu, mode);
  __tsan_mutex_post_lock(mu, mode, 0);
  return result;
}

// Locking calls a function that returns with the lock held in `mode` (`lock` returns what
// the library's function returns; true if it returns void).
template <typename Lock>
auto Locking(absl::Mutex* mu, unsigned mode, Lock lock) {
  __tsan_mutex_pre_lock(mu, mode);
  const auto result = lock();
  __tsan_mutex_post_lock(mu, mode, 0);
  if (mode & __tsan_mutex_read_lock) NoteReaderLock(mu);
  return result;
}

template <typename TryLock>
bool TryLocking(absl::Mutex* mu, unsigned mode, TryLock try_lock) {
  __tsan_mutex_pre_lock(mu, mode | __tsan_mutex_try_lock);
  const bool locked = try_lock();
  __tsan_mutex_post_lock(mu, mode | __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
  if (locked && (mode & __tsan_mutex_read_lock)) NoteReaderLock(mu);
  return locked;
}

}  // namespace

namespace absl {
ABSL_NAMESPACE_BEGIN

using MutexFn = void (*)(Mutex*);
using MutexTryFn = bool (*)(Mutex*);
using MutexWhenFn = void (*)(Mutex*, const Condition&);
using MutexWhenDeadlineFn = bool (*)(Mutex*, const Condition&, Time);

void Mutex::Lock() {
  CHANCERY_REAL(MutexFn, "5Mutex4LockEv");
  Locking(this, 0, [&] { return real(this), true; });
}

void Mutex::ReaderLock() {
  CHANCERY_REAL(MutexFn, "5Mutex10ReaderLockEv");
  Locking(this, __tsan_mutex_read_lock, [&] { return real(this), true; });
}

bool Mutex::TryLock() {
  CHANCERY_REAL(MutexTryFn, "5Mutex7TryLockEv");
  return TryLocking(this, 0, [&] { return real(this); });
}

bool Mutex::ReaderTryLock() {
  CHANCERY_REAL(MutexTryFn, "5Mutex13ReaderTryLockEv");
  return TryLocking(this, __tsan_mutex_read_lock, [&] { return real(this); });
}

void Mutex::Unlock() {
  CHANCERY_REAL(MutexFn, "5Mutex6UnlockEv");
  __tsan_mutex_pre_unlock(this, 0);
  real(this);
  __tsan_mutex_post_unlock(this, 0);
}

void Mutex::ReaderUnlock() {
  CHANCERY_REAL(MutexFn, "5Mutex12ReaderUnlockEv");
  NoteReaderUnlock(this);
  __tsan_mutex_pre_unlock(this, __tsan_mutex_read_lock);
  real(this);
  __tsan_mutex_post_unlock(this, __tsan_mutex_read_lock);
}

void Mutex::LockWhen(const Condition& cond) {
  CHANCERY_REAL(MutexWhenFn, "5Mutex8LockWhenERKNS0_9ConditionE");
  Locking(this, 0, [&] { return real(this, cond), true; });
}

void Mutex::ReaderLockWhen(const Condition& cond) {
  CHANCERY_REAL(MutexWhenFn, "5Mutex14ReaderLockWhenERKNS0_9ConditionE");
  Locking(this, __tsan_mutex_read_lock, [&] { return real(this, cond), true; });
}



bool Mutex::LockWhenWithDeadline(const Condition& cond, Time deadline) {
  CHANCERY_REAL(MutexWhenDeadlineFn, "5Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return Locking(this, 0, [&] { return real(this, cond, deadline); });
}

bool Mutex::ReaderLockWhenWithDeadline(const Condition& cond, Time deadline) {
  CHANCERY_REAL(MutexWhenDeadlineFn,
                "5Mutex26ReaderLockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return Locking(this, __tsan_mutex_read_lock, [&] { return real(this, cond, deadline); });
}

void Mutex::Await(const Condition& cond) {
  CHANCERY_REAL(MutexWhenFn, "5Mutex5AwaitERKNS0_9ConditionE");
  Reacquiring(this, [&] { return real(this, cond), true; });
}


bool Mutex::AwaitWithDeadline(const Condition& cond, Time deadline) {
  CHANCERY_REAL(MutexWhenDeadlineFn, "5Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE");
  return Reacquiring(this, [&] { return real(this, cond, deadline); });
}

// ~Mutex is left to the library, unannotated: TSan would take the destruction for a write
// to the mutex, racing with its last use on another thread when what orders them is out of
// its sight (gRPC destroys mutexes in objects whose last reference another thread dropped).
// Freeing the memory resets what TSan knows of a mutex in it.

using CondVarWaitFn = void (*)(CondVar*, Mutex*);
using CondVarDeadlineFn = bool (*)(CondVar*, Mutex*, Time);

void CondVar::Wait(Mutex* mu) {
  CHANCERY_REAL(CondVarWaitFn, "7CondVar4WaitEPNS0_5MutexE");
  Reacquiring(mu, [&] { return real(this, mu), true; });
}

bool CondVar::WaitWithDeadline(Mutex* mu, Time deadline) {
  CHANCERY_REAL(CondVarDeadlineFn, "7CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE");
  return Reacquiring(mu, [&] { return real(this, mu, deadline); });
}

// As libabsl_status's own (absl/status/status.cc, 20220623), so that TSan sees the
// reference count that orders each copy's last use before the free.
void Status::UnrefNonInlined(uintptr_t rep) {
  status_internal::StatusRep* r = RepToPointer(rep);
  if (r->ref.load(std::memory_order_acquire) == 1 ||
      r->ref.fetch_sub(1, std::memory_order_acq_rel) - 1 == 0) {
    delete r;
  }
}

ABSL_NAMESPACE_END
}  // namespace absl
