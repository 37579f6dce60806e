// Keeps chanceryd's listener alive when the process runs out of descriptors.
//
// gRPC 1.51's POSIX TCP server stops listening for good when accept4 fails
// with anything but EAGAIN, ECONNABORTED or EINTR (grpc/grpc#20418): after
// one moment without a free descriptor (EMFILE), chanceryd would never accept
// a connection again. So the chanceryd binary defines accept4, which takes
// the place of libc's for gRPC (it calls it through its PLT). When the
// process or the system is out of descriptors, that accept4 refuses the
// connections waiting (it accepts each with a descriptor held in reserve for
// this, and closes it at once) and reports EAGAIN, so gRPC waits for the next
// connection instead of closing the port. Refused clients see their
// connection reset, retry with backoff, and are served once descriptors are
// free again. A line on stderr, at most one a minute, counts the refusals.

#ifndef CHANCERY_SERVICES_CHANCERYD_REFUSE_WHEN_OUT_OF_DESCRIPTORS_H_
#define CHANCERY_SERVICES_CHANCERYD_REFUSE_WHEN_OUT_OF_DESCRIPTORS_H_

namespace chancery::chanceryd {

// ReserveDescriptorForRefusals opens the reserve descriptor; call it at
// start, before descriptors can run out.
void ReserveDescriptorForRefusals();

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_REFUSE_WHEN_OUT_OF_DESCRIPTORS_H_
