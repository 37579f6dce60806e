// The bytes of one import file: plain, gzip-compressed, or the regular file
// entries of a zip archive one after another, told apart by content (gzip's
// magic 1f 8b, zip's "PK\3\4"), not by name.
//
// Damaged input (a truncated or corrupt gzip stream, a zip archive whose
// directory or an entry's data is bad) is not an error of Read: Read ends,
// and damage() says what is wrong, so the importer can count the bytes read
// before it and the damage as rows.

#ifndef CHANCERY_CLIENTS_CPP_IMPORT_INPUT_H_
#define CHANCERY_CLIENTS_CPP_IMPORT_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace chancery::cli {

class ImportInput {
 public:
  virtual ~ImportInput() = default;
  // Read copies up to `size` (> 0) bytes of content to `buffer` and returns
  // how many; 0 at the end of the input or at damage.
  virtual size_t Read(char* buffer, size_t size) = 0;
  // damage is OK, or DATA_LOSS saying what stopped Read early.
  virtual absl::Status damage() const = 0;
  // consumed is how many bytes of the file Read has used up, compressed bytes
  // for compressed input (for a zip entry, estimated from its share read).
  virtual uint64_t consumed() const = 0;
};

// OpenImportInput opens `path`, or stdin for "-" (plain or gzip; a zip archive
// needs a file). Errors: the errno status of a file that cannot be opened.
absl::StatusOr<std::unique_ptr<ImportInput>> OpenImportInput(const std::string& path);

// The readers OpenImportInput chooses from. OpenZlibInput reads plain and
// gzip data alike (zlib passes non-gzip data through); `fd` is owned.
std::unique_ptr<ImportInput> OpenZlibInput(int fd);
std::unique_ptr<ImportInput> OpenZipInput(const std::string& path);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_IMPORT_INPUT_H_
