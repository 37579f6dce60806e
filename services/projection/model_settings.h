// The numbers of the relationship model (docs/relationship-model.md).

#ifndef CHANCERY_SERVICES_PROJECTION_MODEL_SETTINGS_H_
#define CHANCERY_SERVICES_PROJECTION_MODEL_SETTINGS_H_

namespace chancery::projection {

struct ModelSettings {
  // Half-life of `score`, in days (chanceryd --half-life-days).
  double half_life_days = 90;
  // Half-life of `short_score`, the recent tone that `trend` compares.
  double short_half_life_days = 30;
  // Length of the trailing window of `window_counts`, in days.
  int window_days = 365;
  // NORMAL -> STRAINED when the score just after an event is at or below this.
  double strain_score = -10;
  // STRAINED -> NORMAL when the score just after an event is at or above this.
  double recovery_score = 0;
  // THAWING (COOLING) when the short mean exceeds (falls short of) the long
  // mean by at least this many Goldstein points.
  double trend_margin = 1.0;
  // Below this short weight (decayed event count) there is no recent tone.
  double min_short_weight = 0.5;
};

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_MODEL_SETTINGS_H_
