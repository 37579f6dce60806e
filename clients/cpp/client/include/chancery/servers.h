// Several chanceryd replicas as one Client: calls are spread over them
// (gRPC's round_robin) and a call that finds one unavailable is tried again
// on another. Every call of the API may be retried so: reads change
// nothing, and a retried record or retraction carries the same ids, which
// the server records once.
//
// Example:
//   chancery::Client client(*chancery::ServersTarget("10.0.0.5:50051,10.0.0.6:50051"));
//   chancery::Client by_name("chancery.internal:50051");  // A name with one address a replica.

#ifndef CHANCERY_CLIENT_SERVERS_H_
#define CHANCERY_CLIENT_SERVERS_H_

#include <string>

#include "chancery/error.h"

namespace chancery {

// ServersTarget: the gRPC target for `servers`: one "HOST:PORT" as it is
// (a host name whose DNS records list several replicas reaches them all),
// or several "IP:PORT" separated by commas as one ipv4: or ipv6: target.
// INVALID_ARGUMENT for a list that holds a host name or mixes IPv4 and IPv6.
Result<std::string> ServersTarget(const std::string& servers);

}  // namespace chancery

#endif  // CHANCERY_CLIENT_SERVERS_H_
