// PLOVER event records (the PLOVER gold-standard records, POLECAT-style
// JSON): `id`, `date`, `source` and `target` (lists of actors with `code`,
// `sector`, `actorText`), `event`, optional `mode` and `context`, `text`.
//
// A record names lists of actors, so it expands to a row per source-target
// pair of different codes (or its one pair when every actor has the same
// code: a domestic event). A record without source or target is one skipped
// row, the documentation record (`event` "DOCUMENT") too; a record that is
// malformed, undated or of an unknown event is one rejected row.

#ifndef CHANCERY_CLIENTS_CPP_PLOVER_PARSER_H_
#define CHANCERY_CLIENTS_CPP_PLOVER_PARSER_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "clients/cpp/import_row.h"

namespace chancery::cli {

struct PloverRows {
  std::string id;  // The record's id, when it has one.
  std::vector<ImportRow> rows;
};

// ParsePloverRecord makes the rows of one record, a JSON object.
PloverRows ParsePloverRecord(absl::string_view json);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_PLOVER_PARSER_H_
