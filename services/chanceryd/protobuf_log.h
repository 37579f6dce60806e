// Protobuf's own log lines, rate-limited.
//
// libprotobuf writes an ERROR line to stderr for every message it cannot
// parse (a request with invalid UTF-8 in a string field, say), so a client
// sending bad bytes could fill the server's log. Once installed, at most one
// such line per minute reaches stderr, with the count of those held back.

#ifndef CHANCERY_SERVICES_CHANCERYD_PROTOBUF_LOG_H_
#define CHANCERY_SERVICES_CHANCERYD_PROTOBUF_LOG_H_

namespace chancery::chanceryd {

// RateLimitProtobufLog installs the handler for the whole process.
void RateLimitProtobufLog();

}  // namespace chancery::chanceryd

#endif  // CHANCERY_SERVICES_CHANCERYD_PROTOBUF_LOG_H_
