// NameThisThread names the calling thread (at most 15 characters), so that
// top -H, perf and gdb tell chanceryd's threads apart.

#ifndef CHANCERY_COMMON_THREAD_NAME_H_
#define CHANCERY_COMMON_THREAD_NAME_H_

#include <pthread.h>

namespace chancery {

inline void NameThisThread(const char* name) { pthread_setname_np(pthread_self(), name); }

}  // namespace chancery

#endif  // CHANCERY_COMMON_THREAD_NAME_H_
