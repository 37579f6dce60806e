// The numbers of the relationship model (docs/relationship-model.md).

#ifndef CHANCERY_SERVICES_PROJECTION_MODEL_SETTINGS_H_
#define CHANCERY_SERVICES_PROJECTION_MODEL_SETTINGS_H_

namespace chancery::projection {

struct ModelSettings {
  // Half-life of `score`'s weights, in days (chanceryd --half-life-days).
  double half_life_days = 90;
  // Half-life of `short_score`, the recent tone that `trend` compares.
  double short_half_life_days = 30;
  // Weight of the neutral prior in `score`: as many occurrences of Goldstein
  // value 0 dated on the as-of day, so that thin or old evidence reads near 0.
  double prior_weight = 2;
  // Length of the trailing window of `window_counts`, in days.
  int window_days = 365;
  // NORMAL or UNKNOWN -> STRAINED when the score just after an occurrence is
  // at or below this.
  double strain_score = -1;
  // STRAINED -> the status before it when the score just after an
  // occurrence is at or above this.
  double recovery_score = 0;
  // THAWING (COOLING) when the short mean exceeds (falls short of) the long
  // mean by at least this many Goldstein points.
  double trend_margin = 1.0;
  // Below this short weight (decayed occurrence count) there is no recent
  // tone: the trend is INSUFFICIENT_DATA.
  double min_short_weight = 0.5;
  // A history younger than this many days (two short half-lives) has no
  // long run to compare with: the trend is INSUFFICIENT_DATA.
  int min_history_days = 60;
};

}  // namespace chancery::projection

#endif  // CHANCERY_SERVICES_PROJECTION_MODEL_SETTINGS_H_
