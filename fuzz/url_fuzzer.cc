// Fuzzes the citation URL check (services/domain/url.h) and the text checks it builds on
// (text.h). A URL accepted must be valid UTF-8, start with http:// or https://, and hold no
// space, control character or any of <>"{}|\^`; a URL refused must say why.

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "fuzz/fuzz_check.h"
#include "services/domain/text.h"
#include "services/domain/url.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view url(reinterpret_cast<const char*>(data), size);
  (void)chancery::domain::CheckText(url, 2048);
  const absl::Status status = chancery::domain::CheckHttpUrl(url);
  if (!status.ok()) {
    FUZZ_CHECK(status.code() == absl::StatusCode::kInvalidArgument);
    FUZZ_CHECK(!status.message().empty());
    return 0;
  }
  FUZZ_CHECK(chancery::domain::CodePointCount(url).has_value());
  FUZZ_CHECK(absl::StartsWithIgnoreCase(url, "http://") ||
             absl::StartsWithIgnoreCase(url, "https://"));
  for (const char c : url) {
    FUZZ_CHECK(!absl::ascii_iscntrl(c) && c != ' ');
    FUZZ_CHECK(absl::string_view("<>\"{}|\\^`").find(c) == absl::string_view::npos);
  }
  return 0;
}
