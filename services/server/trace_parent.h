// The W3C Trace Context `traceparent` header of a call
// (https://www.w3.org/TR/trace-context/): the trace a call belongs to and the
// caller's span. A write defaults its records' correlation and causation ids
// from it, and a call's log line names its trace.

#ifndef CHANCERY_SERVICES_SERVER_TRACE_PARENT_H_
#define CHANCERY_SERVICES_SERVER_TRACE_PARENT_H_

#include <grpcpp/server_context.h>

#include <optional>
#include <string>
#include <string_view>

namespace chancery::server {

struct TraceParent {
  std::string trace_id;   // 32 lowercase hex digits, not all zero.
  std::string parent_id;  // 16 lowercase hex digits, not all zero: the caller's span.
};

// ParseTraceParent parses a `traceparent` value as the recommendation says a
// receiver must: nullopt for one that is not valid (which a receiver ignores,
// starting a trace of its own), the fields of version 00 from a later version.
std::optional<TraceParent> ParseTraceParent(std::string_view header);

// TraceParentOf: the call's `traceparent` metadata, if it has exactly one
// valid value.
std::optional<TraceParent> TraceParentOf(const grpc::ServerContextBase& context);

}  // namespace chancery::server

#endif  // CHANCERY_SERVICES_SERVER_TRACE_PARENT_H_
