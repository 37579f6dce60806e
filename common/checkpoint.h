// Signed checkpoints of the log: what a checkpoint says (its size, the
// RFC 6962 Merkle root of its records, the hash chain's head, the time) as
// text, signed in the signed note format of transparency logs
// (C2SP tlog-checkpoint and signed-note, as Go's checksum database uses).
// docs/audit.md describes the format byte by byte:
//
//   chancery/3f0c5a9e1b27d4c8          origin: the log's name, from its key
//   1042                               tree size: records 1 to 1042
//   9mHkT0...=                         base64 Merkle root
//   chain-head 5be1...                 hex hash chain head at 1042
//   time 2026-12-06T22:27:16Z          when it was signed
//                                      a blank line
//   — chancery/3f0c5a9e1b27d4c8 AbCd...  base64(key hash[4] || Ed25519 signature)

#ifndef CHANCERY_COMMON_CHECKPOINT_H_
#define CHANCERY_COMMON_CHECKPOINT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/ed25519.h"

namespace chancery {

struct Checkpoint {
  std::string origin;     // The log's name; also the signature's key name.
  uint64_t size = 0;      // Records 1 to `size`.
  std::string root;       // 32 bytes: the Merkle root of records 1 to `size`.
  std::string head_hash;  // 32 bytes: the chain hash of record `size` (zeros if none).
  absl::Time time;        // When it was signed, to the second.
};

// LogOrigin names the log whose checkpoints `public_key` (32 raw bytes)
// signs: "chancery/" and the first 16 hex digits of its SHA-256.
std::string LogOrigin(absl::string_view public_key);

// SignCheckpoint is `checkpoint`'s text, a blank line and its signature
// line under `key`, whose LogOrigin must be the checkpoint's origin.
std::string SignCheckpoint(const Checkpoint& checkpoint, const Ed25519PrivateKey& key);

// OpenCheckpoint checks `note`'s signature with `public_key` (32 raw bytes)
// and reads the checkpoint it signs. INVALID_ARGUMENT, saying which, for a
// truncated note, one signed by another key, a signature that does not
// verify (the text was changed), or text that is not a checkpoint.
absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note, absl::string_view public_key);

// ReadCheckpointUnverified reads the checkpoint of `note` without checking
// its signature: for choosing what to ask the server, never for trusting.
absl::StatusOr<Checkpoint> ReadCheckpointUnverified(absl::string_view note);

}  // namespace chancery

#endif  // CHANCERY_COMMON_CHECKPOINT_H_
