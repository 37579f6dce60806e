// The process's limit on open file descriptors, raised as far as allowed.
//
// Every connection and subscriber takes a descriptor; a soft limit of 1,024
// (a common default) runs out long before the machine does.

#ifndef CHANCERY_SERVICES_CHANCERYD_DESCRIPTOR_LIMIT_H_
#define CHANCERY_SERVICES_CHANCERYD_DESCRIPTOR_LIMIT_H_

#include <cstdint>

namespace chancery::chanceryd {

// RaiseDescriptorLimit sets the soft RLIMIT_NOFILE to the hard one and
// returns the soft limit in force afterwards (0 if it cannot be read).
uint64_t RaiseDescriptorLimit();

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_DESCRIPTOR_LIMIT_H_
