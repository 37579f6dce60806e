// FUZZ_CHECK: a property a fuzz target checks of what the code under test returned. A
// violated one aborts, which libFuzzer reports as a crash and saves the input of.

#ifndef CHANCERY_FUZZ_FUZZ_CHECK_H_
#define CHANCERY_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                      \
  do {                                                                             \
    if (!(condition)) {                                                            \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__,   \
                   #condition);                                                    \
      std::abort();                                                                \
    }                                                                              \
  } while (false)

#endif  // CHANCERY_FUZZ_FUZZ_CHECK_H_
