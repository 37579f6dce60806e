// What the replica tests do and check through chanceryd's API: record one
// event, and check that a replica serves a whole, gap-free, verifying log.

#ifndef CHANCERY_TESTS_INTEGRATION_REPLICA_CHECKS_H_
#define CHANCERY_TESTS_INTEGRATION_REPLICA_CHECKS_H_

#include <memory>
#include <string>

#include "chancery/v1/relations_service.grpc.pb.h"
#include "grpcpp/channel.h"

namespace chancery::testing {

// RecordOne records TestEvent(`id`) with a 10 s deadline; `response`, if
// given, receives the answer.
grpc::Status RecordOne(v1::RelationsService::Stub& stub, const std::string& id,
                       v1::RecordEventsResponse* response = nullptr);

// ExpectGapFreeAndVerified: the log served on `channel` holds `count`
// records at positions 1 to `count`, and its chain verifies.
void ExpectGapFreeAndVerified(const std::shared_ptr<grpc::Channel>& channel, size_t count);

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_INTEGRATION_REPLICA_CHECKS_H_
