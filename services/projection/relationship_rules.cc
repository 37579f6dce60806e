#include "services/projection/relationship_rules.h"

#include <string>

#include "absl/container/flat_hash_map.h"

namespace chancery::projection {
namespace {

using v1::MeasureKind;

CodeEffect Status(StatusEffect status) { return {status}; }
CodeEffect Opens(MeasureKind kind) { return {StatusEffect::kNone, kind}; }
CodeEffect Closes(MeasureKind kind, Closer closer) {
  return {StatusEffect::kNone, v1::MEASURE_KIND_UNSPECIFIED, kind, closer};
}

const absl::flat_hash_map<std::string, CodeEffect>& Rules() {
  static const auto* rules = new absl::flat_hash_map<std::string, CodeEffect>{
      {"054", Status(StatusEffect::kRecognize)},
      {"161", Status(StatusEffect::kReduceRelations)},
      {"163", Opens(v1::MEASURE_KIND_SANCTIONS)},
      {"085", Closes(v1::MEASURE_KIND_SANCTIONS, Closer::kImposer)},
      {"081", Closes(v1::MEASURE_KIND_SANCTIONS, Closer::kImposer)},
      {"1212", Opens(v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED)},
      {"1622", Opens(v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED)},
      {"062", Closes(v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED, Closer::kEitherSide)},
      {"072", Closes(v1::MEASURE_KIND_MILITARY_ENGAGEMENT_SUSPENDED, Closer::kEitherSide)},
      {"162", Opens(v1::MEASURE_KIND_AID_SUSPENDED)},
      {"1621", Opens(v1::MEASURE_KIND_AID_SUSPENDED)},
      {"1623", Opens(v1::MEASURE_KIND_AID_SUSPENDED)},
      {"1663", Opens(v1::MEASURE_KIND_AID_SUSPENDED)},
      {"070", Closes(v1::MEASURE_KIND_AID_SUSPENDED, Closer::kImposer)},
      {"071", Closes(v1::MEASURE_KIND_AID_SUSPENDED, Closer::kImposer)},
      {"073", Closes(v1::MEASURE_KIND_AID_SUSPENDED, Closer::kImposer)},
      {"1211", Opens(v1::MEASURE_KIND_TRADE_PREFERENCES_SUSPENDED)},
      {"061", Closes(v1::MEASURE_KIND_TRADE_PREFERENCES_SUSPENDED, Closer::kEitherSide)},
  };
  return *rules;
}

}  // namespace

CodeEffect EffectOf(absl::string_view code) {
  const auto& rules = Rules();
  auto it = rules.find(code);
  return it == rules.end() ? CodeEffect{} : it->second;
}

}  // namespace chancery::projection
