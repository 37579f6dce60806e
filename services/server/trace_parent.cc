#include "services/server/trace_parent.h"

#include <algorithm>

namespace chancery::server {
namespace {

constexpr char kHeader[] = "traceparent";
// version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2.
constexpr size_t kVersion00Size = 55;

bool LowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

bool AllZero(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '0'; });
}

}  // namespace

std::optional<TraceParent> ParseTraceParent(std::string_view header) {
  if (header.size() < kVersion00Size) return std::nullopt;
  const std::string_view version = header.substr(0, 2);
  const std::string_view trace_id = header.substr(3, 32);
  const std::string_view parent_id = header.substr(36, 16);
  const std::string_view flags = header.substr(53, 2);
  if (header[2] != '-' || header[35] != '-' || header[52] != '-') return std::nullopt;
  if (!LowerHex(version) || !LowerHex(trace_id) || !LowerHex(parent_id) || !LowerHex(flags)) {
    return std::nullopt;
  }
  // Version ff is forbidden; 00 has exactly these fields; a later version may
  // add fields after a further dash.
  if (version == "ff") return std::nullopt;
  if (version == "00" ? header.size() != kVersion00Size
                      : header.size() > kVersion00Size && header[kVersion00Size] != '-') {
    return std::nullopt;
  }
  if (AllZero(trace_id) || AllZero(parent_id)) return std::nullopt;
  return TraceParent{std::string(trace_id), std::string(parent_id)};
}

std::optional<TraceParent> TraceParentOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto [first, last] = metadata.equal_range(kHeader);
  if (first == last || std::next(first) != last) return std::nullopt;
  return ParseTraceParent(std::string_view(first->second.data(), first->second.size()));
}

}  // namespace chancery::server
