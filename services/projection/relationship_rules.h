// Which CAMEO codes move a relationship's status, representation and
// measures: the tables of docs/relationship-model.md, as data.

#ifndef CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_RULES_H_
#define CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_RULES_H_

#include "absl/strings/string_view.h"
#include "chancery/v1/relationship.pb.h"

namespace chancery::projection {

enum class StatusEffect {
  kNone,
  kRecognize,        // 054: NORMAL; no representation becomes unknown.
  kReduceRelations,  // 161: one step down the ladder.
};

// Who may close a measure: its imposer only, or either side of the dyad.
enum class Closer { kImposer, kEitherSide };

struct CodeEffect {
  StatusEffect status = StatusEffect::kNone;
  v1::MeasureKind opens = v1::MEASURE_KIND_UNSPECIFIED;
  v1::MeasureKind closes = v1::MEASURE_KIND_UNSPECIFIED;
  Closer closer = Closer::kImposer;
};

// EffectOf returns what an event with CAMEO code `code` does beyond its
// score; a code with no rule has no effect.
CodeEffect EffectOf(absl::string_view code);

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_RELATIONSHIP_RULES_H_
