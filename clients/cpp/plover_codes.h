// The CAMEO code of a PLOVER event: CAMEO2PLOVER-2021.txt (the official
// CAMEO -> PLOVER table, clients/cpp/data/) read the other way round, with
// the older event and mode names of the PLOVER gold-standard records
// (PLOVER_GSR_CAMEO.txt) renamed first. docs/relationship-model.md, "PLOVER",
// gives the rules and the resulting choices.

#ifndef CHANCERY_CLIENTS_CPP_PLOVER_CODES_H_
#define CHANCERY_CLIENTS_CPP_PLOVER_CODES_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/domain/cameo_codebook.h"

namespace chancery::cli {

// Cameo2PloverTable is the embedded CAMEO2PLOVER-2021.txt, byte for byte.
absl::string_view Cameo2PloverTable();

class PloverCodes {
 public:
  // Default is the table of Cameo2PloverTable() with Chancery's codebook,
  // parsed on first use.
  static const PloverCodes& Default();
  // FromTable parses the table's lines "0311: AGREE,  , economic # comment"
  // and its root lines "03: AGREE", leaving out the entries whose code
  // `codebook` does not have (1214: ICEWS's codebook stops at 121).
  // Errors: INVALID_ARGUMENT naming a line that is neither.
  static absl::StatusOr<PloverCodes> FromTable(absl::string_view table,
                                               const domain::CameoCodebook& codebook);

  // CameoCode is the code of the table entry that best matches `event`,
  // `mode` and `contexts` (PLOVER's comma-separated context list): one whose
  // event, mode and a context match, else event and mode, else event and a
  // context, else the event's root code (the root it is listed under most).
  // Among entries that match equally, the first in table order that has no
  // mode or context besides those matched, else the first.
  // Errors: NOT_FOUND for an event the table does not know.
  absl::StatusOr<std::string> CameoCode(absl::string_view event, absl::string_view mode,
                                        absl::string_view contexts) const;

  // Every code the table can give, for tests.
  std::vector<std::string> Codes() const;

 private:
  struct Entry {
    std::string code, event, mode;
    std::vector<std::string> contexts;
  };
  std::vector<Entry> entries_;                          // In table order.
  absl::flat_hash_map<std::string, std::string> roots_;  // Event -> root code.
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_PLOVER_CODES_H_
