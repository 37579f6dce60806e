// Fuzzes the W3C traceparent parser (services/server/trace_parent.h), which reads a header
// every caller may send. An accepted header is at least 55 characters, its ids are where
// version 00 puts them, lowercase hex and not all zero; and a header is accepted or refused
// whole, never read past its end.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "services/server/trace_parent.h"

namespace {

bool NonZeroLowerHex(std::string_view text) {
  bool non_zero = false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    non_zero |= c != '0';
  }
  return non_zero;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  const std::optional<chancery::server::TraceParent> parsed =
      chancery::server::ParseTraceParent(header);
  if (!parsed) return 0;
  FUZZ_CHECK(header.size() >= 55);
  FUZZ_CHECK(parsed->trace_id.size() == 32 && NonZeroLowerHex(parsed->trace_id));
  FUZZ_CHECK(parsed->parent_id.size() == 16 && NonZeroLowerHex(parsed->parent_id));
  FUZZ_CHECK(header.substr(3, 32) == parsed->trace_id);
  FUZZ_CHECK(header.substr(36, 16) == parsed->parent_id);
  FUZZ_CHECK(header.substr(0, 2) != "ff");
  return 0;
}
