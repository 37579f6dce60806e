#include "clients/cpp/proof_file.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace chancery::cli {
namespace {

constexpr absl::string_view kHeader = "chancery inclusion proof v1";

absl::Status Malformed(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("the proof file is malformed: ", why));
}

}  // namespace

std::string FormatProofFile(const InclusionProofFile& proof) {
  std::string text = absl::StrCat(kHeader, "\nposition ", proof.position, "\ntree-size ",
                                  proof.tree_size, "\nleaf ", absl::Base64Escape(proof.leaf), "\n");
  for (const std::string& hash : proof.path) absl::StrAppend(&text, absl::Base64Escape(hash), "\n");
  return text;
}

absl::StatusOr<InclusionProofFile> ParseProofFile(absl::string_view text) {
  if (!absl::ConsumeSuffix(&text, "\n")) {
    return absl::InvalidArgumentError(
        "the proof file is truncated: it does not end with a newline");
  }
  const std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  if (lines[0] != kHeader) return Malformed(absl::StrCat("its first line is not \"", kHeader, "\""));
  if (lines.size() < 4) {
    return absl::InvalidArgumentError(
        "the proof file is truncated: it lacks the position, tree-size or leaf line");
  }
  InclusionProofFile proof;
  absl::string_view position = lines[1], tree_size = lines[2], leaf = lines[3];
  if (!absl::ConsumePrefix(&position, "position ") ||
      !absl::SimpleAtoi(position, &proof.position)) {
    return Malformed("line 2 is not \"position\" and a number");
  }
  if (!absl::ConsumePrefix(&tree_size, "tree-size ") ||
      !absl::SimpleAtoi(tree_size, &proof.tree_size)) {
    return Malformed("line 3 is not \"tree-size\" and a number");
  }
  if (!absl::ConsumePrefix(&leaf, "leaf ") || !absl::Base64Unescape(leaf, &proof.leaf)) {
    return Malformed("line 4 is not \"leaf\" and base64");
  }
  for (size_t i = 4; i < lines.size(); ++i) {
    if (!absl::Base64Unescape(lines[i], &proof.path.emplace_back())) {
      return Malformed(absl::StrCat("line ", i + 1, " is not a base64 hash"));
    }
  }
  return proof;
}

}  // namespace chancery::cli
