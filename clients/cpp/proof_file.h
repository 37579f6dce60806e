// An inclusion proof as `chancery audit prove` writes it and `chancery
// audit verify --proof` reads it (docs/audit.md, "Inclusion proofs"):
//
//   chancery inclusion proof v1
//   position 3                  the record proved
//   tree-size 1042              the checkpoint's size it is proved in
//   leaf AAAAAAAAAAM...         base64 of the record's leaf (canonical bytes)
//   9Fz1...=                    the audit path, one base64 hash a line,
//   ...                         the leaf's sibling first

#ifndef CHANCERY_CLIENTS_CPP_PROOF_FILE_H_
#define CHANCERY_CLIENTS_CPP_PROOF_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::cli {

struct InclusionProofFile {
  uint64_t position = 0;
  uint64_t tree_size = 0;
  std::string leaf;               // The record's canonical bytes.
  std::vector<std::string> path;  // 32-byte hashes.
};

std::string FormatProofFile(const InclusionProofFile& proof);

// ParseProofFile reads `text`; INVALID_ARGUMENT saying what is missing or
// malformed (a truncated file among them).
absl::StatusOr<InclusionProofFile> ParseProofFile(absl::string_view text);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_PROOF_FILE_H_
