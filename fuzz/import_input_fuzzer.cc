// Fuzzes how an import file's bytes become lines: OpenImportInput tells plain, gzip and zip
// input apart by their first bytes, zlib and libzip decode them, and LineReader splits
// the result. The bytes are written to an in-memory file, since libzip reads a path.
// Damage must stop the reading with DATA_LOSS, never crash or loop.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/import_input.h"
#include "clients/cpp/line_reader.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace chancery::cli;
  static const int file = memfd_create("import", 0);
  static const std::string path = absl::StrCat("/proc/self/fd/", file);
  FUZZ_CHECK(file >= 0 && ftruncate(file, 0) == 0);
  FUZZ_CHECK(pwrite(file, data, size, 0) == static_cast<ssize_t>(size));

  absl::StatusOr<std::unique_ptr<ImportInput>> input = OpenImportInput(path);
  FUZZ_CHECK(input.ok());
  LineReader lines(**input);
  std::string line;
  while (lines.Next(line)) {
  }
  const absl::Status damage = (*input)->damage();
  FUZZ_CHECK(damage.ok() || damage.code() == absl::StatusCode::kDataLoss);
  return 0;
}
