// Fuzzes what an auditor's files hold, which may come from anywhere: a signed
// checkpoint (common/checkpoint.h), an inclusion proof file
// (clients/cpp/proof_file.h) and the record leaf it carries
// (clients/cpp/record_leaf.h). A proof file that parses writes back to the same
// proof; no bytes pass as a checkpoint signed by a key the input cannot have.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "clients/cpp/proof_file.h"
#include "clients/cpp/record_leaf.h"
#include "common/checkpoint.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);

  (void)chancery::ReadCheckpointUnverified(text);
  // A key no input was signed with (32 bytes of a fixed Ed25519 public key).
  static const std::string kPublicKey(32, '\x5a');
  FUZZ_CHECK(!chancery::OpenCheckpoint(text, kPublicKey).ok());

  absl::StatusOr<chancery::cli::InclusionProofFile> proof = chancery::cli::ParseProofFile(text);
  if (proof.ok()) {
    absl::StatusOr<chancery::cli::InclusionProofFile> again =
        chancery::cli::ParseProofFile(chancery::cli::FormatProofFile(*proof));
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->position == proof->position && again->tree_size == proof->tree_size &&
               again->leaf == proof->leaf && again->path == proof->path);
    (void)chancery::cli::DecodeLeaf(proof->leaf);
  }
  (void)chancery::cli::DecodeLeaf(text);
  return 0;
}
