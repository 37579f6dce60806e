#include "common/checkpoint.h"

#include <openssl/sha.h>

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/merkle.h"

namespace chancery {
namespace {

// A signature line starts with an em dash (U+2014) and a space.
constexpr absl::string_view kSignatureMark = "\xE2\x80\x94 ";
constexpr absl::string_view kHeadPrefix = "chain-head ";
constexpr absl::string_view kTimePrefix = "time ";
constexpr size_t kKeyHashSize = 4;
// The signed note's signature type of Ed25519.
constexpr char kEd25519Type = 0x01;

std::string Sha256(absl::string_view data) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

// The key hash of the signed note format: it picks the key a line is for.
std::string KeyHash(absl::string_view name, absl::string_view public_key) {
  return Sha256(absl::StrCat(name, "\n", std::string(1, kEd25519Type), public_key))
      .substr(0, kKeyHashSize);
}

std::string CheckpointText(const Checkpoint& checkpoint) {
  return absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                      absl::Base64Escape(checkpoint.root), "\n", kHeadPrefix,
                      absl::BytesToHexString(checkpoint.head_hash), "\n", kTimePrefix,
                      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", checkpoint.time, absl::UTCTimeZone()),
                      "\n");
}

absl::Status NotACheckpoint(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("the checkpoint's text is malformed: ", why));
}

absl::StatusOr<Checkpoint> ParseText(absl::string_view text) {
  if (!absl::ConsumeSuffix(&text, "\n")) return NotACheckpoint("it does not end with a newline");
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines.size() != 5) {
    return NotACheckpoint(absl::StrCat("it has ", lines.size(), " lines, not 5"));
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  if (!absl::SimpleAtoi(lines[1], &checkpoint.size) ||
      absl::StrCat(checkpoint.size) != lines[1]) {
    return NotACheckpoint("line 2 is not a tree size");
  }
  if (!absl::Base64Unescape(lines[2], &checkpoint.root) ||
      checkpoint.root.size() != merkle::kHashSize) {
    return NotACheckpoint("line 3 is not a base64 hash of 32 bytes");
  }
  absl::string_view head = lines[3];
  if (!absl::ConsumePrefix(&head, kHeadPrefix) || head.size() != 2 * merkle::kHashSize ||
      !std::all_of(head.begin(), head.end(), absl::ascii_isxdigit)) {
    return NotACheckpoint("line 4 is not \"chain-head\" and 64 hex digits");
  }
  checkpoint.head_hash = absl::HexStringToBytes(head);
  absl::string_view time = lines[4];
  std::string error;
  if (!absl::ConsumePrefix(&time, kTimePrefix) ||
      !absl::ParseTime(absl::RFC3339_full, time, &checkpoint.time, &error)) {
    return NotACheckpoint("line 5 is not \"time\" and an RFC 3339 time");
  }
  return checkpoint;
}

// A note split at its last blank line into the text it signs and its
// signature lines.
struct Note {
  absl::string_view text;
  std::vector<absl::string_view> signatures;
};

absl::StatusOr<Note> SplitNote(absl::string_view note) {
  const size_t blank = note.rfind("\n\n");
  // After the blank line, at least one signature line and its newline.
  if (blank == absl::string_view::npos || blank + 2 == note.size() ||
      !absl::EndsWith(note, "\n")) {
    return absl::InvalidArgumentError(
        "the checkpoint is truncated: it lacks the blank line and signature line that end a "
        "signed checkpoint");
  }
  absl::string_view signatures = note.substr(blank + 2);
  signatures.remove_suffix(1);
  return Note{note.substr(0, blank + 1), absl::StrSplit(signatures, '\n')};
}

}  // namespace

std::string LogOrigin(absl::string_view public_key) {
  return absl::StrCat("chancery/", absl::BytesToHexString(Sha256(public_key)).substr(0, 16));
}

std::string SignCheckpoint(const Checkpoint& checkpoint, const Ed25519PrivateKey& key) {
  const std::string text = CheckpointText(checkpoint);
  return absl::StrCat(text, "\n", kSignatureMark, checkpoint.origin, " ",
                      absl::Base64Escape(absl::StrCat(KeyHash(checkpoint.origin, key.PublicKey()),
                                                      key.Sign(text))),
                      "\n");
}

absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note, absl::string_view public_key) {
  absl::StatusOr<Note> split = SplitNote(note);
  if (!split.ok()) return split.status();
  const std::string expected_name = LogOrigin(public_key);
  const std::string expected_hash = KeyHash(expected_name, public_key);
  std::vector<std::string> signers;
  for (absl::string_view line : split->signatures) {
    std::vector<absl::string_view> fields = absl::StrSplit(line, ' ');
    std::string signature;
    if (!absl::ConsumePrefix(&line, kSignatureMark) || fields.size() != 3 ||
        !absl::Base64Unescape(fields[2], &signature) ||
        signature.size() != kKeyHashSize + kEd25519SignatureSize) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the checkpoint's signature line \"", line,
          "\" is not an em dash, a key name and a base64 key hash and Ed25519 signature"));
    }
    if (fields[1] != expected_name || signature.substr(0, kKeyHashSize) != expected_hash) {
      signers.push_back(absl::StrCat(fields[1], " (key hash ",
                                     absl::BytesToHexString(signature.substr(0, kKeyHashSize)),
                                     ")"));
      continue;
    }
    if (!Ed25519Verify(public_key, split->text, signature.substr(kKeyHashSize))) {
      return absl::InvalidArgumentError(
          "the checkpoint's signature does not verify: its text was changed after it was "
          "signed, or the signature was");
    }
    absl::StatusOr<Checkpoint> checkpoint = ParseText(split->text);
    if (checkpoint.ok() && checkpoint->origin != expected_name) {
      return absl::InvalidArgumentError(absl::StrCat("the checkpoint's origin \"",
                                                     checkpoint->origin, "\" is not its signer's ",
                                                     expected_name));
    }
    return checkpoint;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "the checkpoint is not signed by this public key (", expected_name, ", key hash ",
      absl::BytesToHexString(expected_hash), "); it is signed by ", absl::StrJoin(signers, ", ")));
}

absl::StatusOr<Checkpoint> ReadCheckpointUnverified(absl::string_view note) {
  absl::StatusOr<Note> split = SplitNote(note);
  if (!split.ok()) return split.status();
  return ParseText(split->text);
}

}  // namespace chancery
