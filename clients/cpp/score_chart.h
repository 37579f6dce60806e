// Charts of a relationship's score over time: in the terminal and as SVG.
//
// The series comes from GetTimeline's monthly aggregates: one point per
// month (its end score), and a marker wherever the month-end status differs
// from the month before (the structural events: a downgrade, a suspension,
// a restoration).

#ifndef CHANCERY_CLIENTS_CPP_SCORE_CHART_H_
#define CHANCERY_CLIENTS_CPP_SCORE_CHART_H_

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "chancery/v1/timeline.pb.h"
#include "google/protobuf/repeated_ptr_field.h"

namespace chancery::cli {

struct ScorePoint {
  absl::CivilDay day;  // The month's last day.
  double score = 0;
};

struct StatusMarker {
  absl::CivilDay day;  // The last day of the month the status changed in.
  std::string label;   // "STRAINED".
};

struct ScoreSeries {
  std::string title;  // "KHM-USA".
  std::vector<ScorePoint> points;
  std::vector<StatusMarker> markers;
};

// SeriesFromMonths builds the series of a timeline's monthly aggregates.
ScoreSeries SeriesFromMonths(
    const std::string& title,
    const google::protobuf::RepeatedPtrField<v1::MonthlyAggregate>& months);

// TerminalChart draws the series in `width` by `height` character cells of
// plot (axis labels come in addition), one '*' per column, with the status
// changes listed under the axis. "" for an empty series.
std::string TerminalChart(const ScoreSeries& series, int width = 72, int height = 12);

// SvgChart is a standalone SVG document: the score line, labelled axes
// (dates, score), a zero line, and a dashed vertical line with its label at
// each status change.
std::string SvgChart(const ScoreSeries& series);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_SCORE_CHART_H_
