#include "services/projection/relationship_fold.h"

#include <algorithm>
#include <cmath>

#include "services/projection/relationship_rules.h"

namespace chancery::projection {
namespace {

// A mission headed above a chargé d'affaires is reduced to one; no, other
// and unknown representation stay as they are.
v1::RepresentationLevel AtMostCharge(v1::RepresentationLevel level) {
  return level == v1::REPRESENTATION_LEVEL_AMBASSADOR || level == v1::REPRESENTATION_LEVEL_MINISTER
             ? v1::REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES
             : level;
}

// The level an observation reports, in the projection's terms.
v1::RepresentationLevel ObservedLevel(uint8_t observed) {
  switch (static_cast<v1::ObservedRepresentation>(observed)) {
    case v1::OBSERVED_REPRESENTATION_NONE:
      return v1::REPRESENTATION_LEVEL_NONE;
    case v1::OBSERVED_REPRESENTATION_CHARGE_D_AFFAIRES:
      return v1::REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES;
    case v1::OBSERVED_REPRESENTATION_MINISTER:
      return v1::REPRESENTATION_LEVEL_MINISTER;
    case v1::OBSERVED_REPRESENTATION_AMBASSADOR:
      return v1::REPRESENTATION_LEVEL_AMBASSADOR;
    case v1::OBSERVED_REPRESENTATION_OTHER:
      return v1::REPRESENTATION_LEVEL_OTHER;
    default:
      return v1::REPRESENTATION_LEVEL_UNKNOWN;
  }
}

// Whether a mission at `level` means diplomatic relations: one headed by a
// chargé d'affaires, a minister or an ambassador (not an interests section).
bool IsDiplomatic(v1::RepresentationLevel level) {
  return level == v1::REPRESENTATION_LEVEL_CHARGE_D_AFFAIRES ||
         level == v1::REPRESENTATION_LEVEL_MINISTER ||
         level == v1::REPRESENTATION_LEVEL_AMBASSADOR;
}

// Recognition establishes relations but says nothing of their level.
v1::RepresentationLevel Recognized(v1::RepresentationLevel level) {
  return level == v1::REPRESENTATION_LEVEL_NONE ? v1::REPRESENTATION_LEVEL_UNKNOWN : level;
}

uint8_t RootOf(absl::string_view code) {
  if (code.size() < 2) return 0;
  return static_cast<uint8_t>((code[0] - '0') * 10 + (code[1] - '0'));
}

}  // namespace

bool MeasureState::operator==(const MeasureState& other) const {
  return kind == other.kind && imposer_is_a == other.imposer_is_a && open_id == other.open_id &&
         open_day == other.open_day && close_id == other.close_id &&
         close_day == other.close_day;
}

bool WindowCounts::operator==(const WindowCounts& other) const {
  for (int i = 0; i < 5; ++i) {
    if (quad[i] != other.quad[i]) return false;
  }
  return repression == other.repression && protest == other.protest && reform == other.reform;
}

bool RelationshipState::StructurallyDiffers(const RelationshipState& other) const {
  return status != other.status || a_in_b != other.a_in_b || b_in_a != other.b_in_a ||
         measures != other.measures;
}

bool RelationshipState::operator==(const RelationshipState& other) const {
  return !StructurallyDiffers(other) && has_status_cause == other.has_status_cause &&
         observation_count == other.observation_count && status_day == other.status_day &&
         status_event_id == other.status_event_id && score == other.score &&
         short_score == other.short_score && weight == other.weight &&
         short_weight == other.short_weight && trend == other.trend &&
         window == other.window && event_count == other.event_count &&
         occurrence_count == other.occurrence_count &&
         last_event_position == other.last_event_position;
}

void RelationshipFold::Apply(const FoldEvent& event) {
  if (event.kind == FoldEvent::Kind::kObservation) {
    Observe(event);
    return;
  }
  ++state_.event_count;
  state_.last_event_position = event.position;
  if (IsRepeat(event)) return;

  if (state_.occurrence_count == 0) {
    first_day_ = event.day;
    // Events exist, but only evidence says whether relations do.
    if (!state_.has_status_cause) SetStatus(v1::RELATIONSHIP_STATUS_UNKNOWN, event);
  }
  ++state_.occurrence_count;
  long_ = DecayTo(long_, settings_.half_life_days, event.day);
  short_ = DecayTo(short_, settings_.short_half_life_days, event.day);
  ref_day_ = event.day;
  long_.score += event.goldstein;
  long_.weight += 1;
  short_.score += event.goldstein;
  short_.weight += 1;

  window_.push_back({event.day, event.quad_class, RootOf(event.cameo_code())});
  Count(window_.back(), 1, window_counts_);
  while (window_.front().day <= event.day - settings_.window_days) {
    Count(window_.front(), -1, window_counts_);
    window_.pop_front();
  }

  const CodeEffect effect = EffectOf(event.cameo_code());  // Looked up once for both.
  ApplyStatus(event, effect.status);
  ApplyMeasures(event, effect);
}

void RelationshipFold::Observe(const FoldEvent& observation) {
  ++state_.observation_count;
  if (observation.observed_a_in_b != 0) state_.a_in_b = ObservedLevel(observation.observed_a_in_b);
  if (observation.observed_b_in_a != 0) state_.b_in_a = ObservedLevel(observation.observed_b_in_a);
  const v1::RelationshipStatus observed = IsDiplomatic(state_.a_in_b) || IsDiplomatic(state_.b_in_a)
                                              ? v1::RELATIONSHIP_STATUS_NORMAL
                                              : v1::RELATIONSHIP_STATUS_NONE;
  // Strain is the tone of events, which an observation does not change; it
  // only changes what recovery returns to, unless relations are gone.
  if (state_.status == v1::RELATIONSHIP_STATUS_STRAINED &&
      observed == v1::RELATIONSHIP_STATUS_NORMAL) {
    before_strain_ = observed;
  } else {
    SetStatus(observed, observation);
  }
}

bool RelationshipFold::IsRepeat(const FoldEvent& event) {
  if (state_.occurrence_count > 0 && event.day != ref_day_) today_.clear();
  const OccurrenceKey key{event.source_is_a, event.cameo};
  if (std::find(today_.begin(), today_.end(), key) != today_.end()) return true;
  today_.push_back(key);
  return false;
}

void RelationshipFold::ApplyStatus(const FoldEvent& event, StatusEffect effect) {
  switch (effect) {
    case StatusEffect::kRecognize:
      SetStatus(v1::RELATIONSHIP_STATUS_NORMAL, event);
      state_.a_in_b = Recognized(state_.a_in_b);
      state_.b_in_a = Recognized(state_.b_in_a);
      break;
    case StatusEffect::kReduceRelations:
      switch (state_.status) {
        case v1::RELATIONSHIP_STATUS_DOWNGRADED:
          SetStatus(v1::RELATIONSHIP_STATUS_SUSPENDED, event);
          break;
        case v1::RELATIONSHIP_STATUS_SUSPENDED:
        case v1::RELATIONSHIP_STATUS_SEVERED:
          SetStatus(v1::RELATIONSHIP_STATUS_SEVERED, event);
          break;
        default:
          SetStatus(v1::RELATIONSHIP_STATUS_DOWNGRADED, event);
      }
      if (state_.status == v1::RELATIONSHIP_STATUS_SEVERED) {
        state_.a_in_b = state_.b_in_a = v1::REPRESENTATION_LEVEL_NONE;
      } else {
        state_.a_in_b = AtMostCharge(state_.a_in_b);
        state_.b_in_a = AtMostCharge(state_.b_in_a);
      }
      break;
    case StatusEffect::kNone:
      break;
  }
  // Sustained conflict moves only between STRAINED and the status it interrupted.
  const double score = long_.score / (long_.weight + settings_.prior_weight);
  if ((state_.status == v1::RELATIONSHIP_STATUS_NORMAL ||
       state_.status == v1::RELATIONSHIP_STATUS_UNKNOWN) &&
      score <= settings_.strain_score) {
    before_strain_ = state_.status;
    SetStatus(v1::RELATIONSHIP_STATUS_STRAINED, event);
  } else if (state_.status == v1::RELATIONSHIP_STATUS_STRAINED &&
             score >= settings_.recovery_score) {
    SetStatus(before_strain_, event);
  }
}

void RelationshipFold::ApplyMeasures(const FoldEvent& event, const CodeEffect& effect) {
  if (effect.opens != v1::MEASURE_KIND_UNSPECIFIED) {
    bool already_open = false;
    for (const MeasureState& measure : state_.measures) {
      already_open |= measure.kind == effect.opens && !measure.close_id &&
                      measure.imposer_is_a == event.source_is_a;
    }
    if (!already_open) {
      MeasureState& measure = state_.measures.emplace_back();
      measure.kind = effect.opens;
      measure.imposer_is_a = event.source_is_a;
      measure.open_id = event.id;
      measure.open_day = event.day;
    }
  }
  if (effect.closes != v1::MEASURE_KIND_UNSPECIFIED) {
    for (MeasureState& measure : state_.measures) {
      if (measure.kind != effect.closes || measure.close_id) continue;
      if (effect.closer == Closer::kImposer && measure.imposer_is_a != event.source_is_a) continue;
      measure.close_id = event.id;
      measure.close_day = event.day;
    }
  }
}

void RelationshipFold::SetStatus(v1::RelationshipStatus status, const FoldEvent& event) {
  if (status == state_.status && state_.has_status_cause) return;
  state_.status = status;
  state_.has_status_cause = true;
  state_.status_day = event.day;
  state_.status_event_id = event.id;
}

RelationshipFold::Decayed RelationshipFold::DecayTo(const Decayed& sums, double half_life,
                                                    domain::Day day) const {
  const double factor = std::exp2(-(day - ref_day_) / half_life);
  return {sums.score * factor, sums.weight * factor};
}

RelationshipState RelationshipFold::At(domain::Day day) const {
  RelationshipState state = state_;
  const Decayed long_sums = DecayTo(long_, settings_.half_life_days, day);
  const Decayed short_sums = DecayTo(short_, settings_.short_half_life_days, day);
  state.score = long_sums.score / (long_sums.weight + settings_.prior_weight);
  state.weight = long_sums.weight;
  state.short_score = short_sums.weight > 0 ? short_sums.score / short_sums.weight : 0;
  state.short_weight = short_sums.weight;
  state.trend = v1::TREND_INSUFFICIENT_DATA;
  if (short_sums.weight >= settings_.min_short_weight &&
      day - first_day_ >= settings_.min_history_days) {
    const double shift = state.short_score - long_sums.score / long_sums.weight;
    if (shift >= settings_.trend_margin) {
      state.trend = v1::TREND_THAWING;
    } else if (shift <= -settings_.trend_margin) {
      state.trend = v1::TREND_COOLING;
    } else {
      state.trend = v1::TREND_STABLE;
    }
  }
  // The window as of `day` is the fold's, less its oldest entries that fall
  // out of it by then: a month-by-month timeline does not walk the window.
  state.window = window_counts_;
  for (const WindowEntry& entry : window_) {
    if (entry.day > day - settings_.window_days) break;
    Count(entry, -1, state.window);
  }
  return state;
}

void RelationshipFold::Count(const WindowEntry& entry, int sign, WindowCounts& counts) {
  if (entry.quad_class < 5) counts.quad[entry.quad_class] += sign;
  counts.repression += sign * (entry.root == 17);
  counts.protest += sign * (entry.root == 14);
  counts.reform += sign * (entry.root == 8);
}

}  // namespace chancery::projection
