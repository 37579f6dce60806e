// The CAMEO event codebook: every event code with its name, Goldstein value
// and QuadClass.
//
// Codes are strings of 2 to 4 digits with the leading zero kept: a root
// ("03", express intent to cooperate), a three-digit code ("036", express
// intent to meet or negotiate) or a four-digit one ("0311"). The table is
// ICEWS's (data/icews_cameo-codes.utf8.csv, embedded in the library, 312
// codes); its Goldstein values are ICEWS's, which differ from GDELT's on 016,
// 022, 164 and 165. See data/PROVENANCE.md.
//
// Example:
//   const CameoCode* code = CameoCodebook::Default().Find("036");
//   // code->name == "Express intent to meet or negotiate", code->goldstein == 4.0,
//   // code->quad_class == v1::QUAD_CLASS_VERBAL_COOPERATION

#ifndef CHANCERY_SERVICES_DOMAIN_CAMEO_CODEBOOK_H_
#define CHANCERY_SERVICES_DOMAIN_CAMEO_CODEBOOK_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "chancery/v1/event.pb.h"

namespace chancery::domain {

// CameoCode is one entry of the codebook.
struct CameoCode {
  std::string code;      // "036".
  std::string name;      // As in the table: "Express intent to meet or negotiate".
  double goldstein = 0;  // ICEWS Goldstein value, -10 (conflict) to +10 (cooperation).
  v1::QuadClass quad_class = v1::QUAD_CLASS_UNSPECIFIED;  // From the root code.
};

// QuadClassForCode returns the QuadClass of a CAMEO code from its root (its
// first two digits), by the standard GDELT/ICEWS mapping: roots 01-05 verbal
// cooperation, 06-08 material cooperation, 09-13 verbal conflict, 14-20
// material conflict. QUAD_CLASS_UNSPECIFIED when `code` does not start with
// a root from 01 to 20. It does not check that the rest of `code` exists.
v1::QuadClass QuadClassForCode(absl::string_view code);

class CameoCodebook {
 public:
  // Default returns the codebook of the embedded ICEWS table, parsed on first
  // use (thread-safe) and never destroyed. The embedded table is checked by
  // the tests; if it were bad, Default would print why and abort.
  static const CameoCodebook& Default();

  // FromCsv builds a codebook from a table in the format of
  // icews_cameo-codes.utf8.csv: CSV with a header naming at least the
  // columns `code`, `name` and `goldstein`.
  // Errors: INVALID_ARGUMENT naming the line for malformed CSV, a missing
  // column, a code that is not 2 to 4 digits under a root 01 to 20, a
  // duplicate code, a code whose parent (its code without the last digit) is
  // missing, an empty name, or a Goldstein value that is not a number in
  // [-10, 10].
  static absl::StatusOr<CameoCodebook> FromCsv(absl::string_view csv);

  // Find returns the entry for `code` (exact match: "036", not "36"), or
  // nullptr when there is none. The entry lives as long as the codebook.
  const CameoCode* Find(absl::string_view code) const;

  // codes returns every entry in ascending code order ("01", "010", "011",
  // ..., "20", "204", "2041").
  const std::vector<CameoCode>& codes() const { return codes_; }

 private:
  CameoCodebook() = default;

  std::vector<CameoCode> codes_;
  absl::flat_hash_map<std::string, size_t> index_;  // code -> position in codes_.
};

}  // namespace chancery::domain

#endif  // CHANCERY_SERVICES_DOMAIN_CAMEO_CODEBOOK_H_
