// Reads a SubscribeLogResponse off the wire without building it: the
// fan-out subscribers need only each record's commit time, and parsing a
// million full records a second would take the cores the server under test
// is measured on.

#ifndef CHANCERY_SERVICES_BENCH_COMMIT_TIME_SCAN_H_
#define CHANCERY_SERVICES_BENCH_COMMIT_TIME_SCAN_H_

#include <grpcpp/support/byte_buffer.h>

#include <cstdint>
#include <vector>

namespace chancery::bench {

struct ScannedResponse {
  bool ok = false;         // The bytes parsed as a SubscribeLogResponse.
  bool caught_up = false;  // The message was the CaughtUp marker.
  // record_time of each record in the message, in µs since the Unix epoch.
  std::vector<int64_t> commit_times_us;
};

// ScanCommitTimes decodes `message` (a serialized SubscribeLogResponse) just
// far enough to fill `out`; every other field is skipped.
void ScanCommitTimes(grpc::ByteBuffer& message, ScannedResponse& out);

}  // namespace chancery::bench

#endif  // CHANCERY_SERVICES_BENCH_COMMIT_TIME_SCAN_H_
