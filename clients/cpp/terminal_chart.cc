#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cpp/score_chart.h"

namespace chancery::cli {
namespace {

std::string MonthLabel(absl::CivilDay day) { return absl::FormatCivilTime(absl::CivilMonth(day)); }

}  // namespace

std::string TerminalChart(const ScoreSeries& series, int width, int height) {
  if (series.points.empty()) return "";
  // One column per point, or per bucket of points when there are more than
  // columns (a bucket shows its last point: the score at its end).
  const int points = static_cast<int>(series.points.size());
  const int columns = std::min(points, width);
  std::vector<double> values(columns);
  auto column_of = [&](int point) { return static_cast<int>(int64_t{point} * columns / points); };
  for (int p = 0; p < points; ++p) values[column_of(p)] = series.points[p].score;

  double low = std::min(0.0, *std::min_element(values.begin(), values.end()));
  double high = std::max(0.0, *std::max_element(values.begin(), values.end()));
  if (high - low < 1e-9) high = low + 1;
  auto row_of = [&](double value) {
    return static_cast<int>(std::lround((high - value) / (high - low) * (height - 1)));
  };
  std::vector<std::string> grid(height, std::string(columns, ' '));
  const int zero_row = row_of(0);
  for (int c = 0; c < columns; ++c) grid[zero_row][c] = '-';
  for (int c = 0; c < columns; ++c) grid[row_of(values[c])][c] = '*';

  std::string chart = absl::StrCat("score of ", series.title, " at each month's end\n");
  for (int r = 0; r < height; ++r) {
    std::string label;
    if (r == 0) label = absl::StrFormat("%.1f", high);
    if (r == zero_row) label = "0";
    if (r == height - 1) label = absl::StrFormat("%.1f", low);
    absl::StrAppendFormat(&chart, "%9s |%s\n", label, grid[r]);
  }
  std::string marks(columns, ' ');
  for (const StatusMarker& marker : series.markers) {
    for (int p = 0; p < points; ++p) {
      if (series.points[p].day == marker.day) marks[column_of(p)] = '^';
    }
  }
  absl::StrAppend(&chart, std::string(10, ' '), "+", std::string(columns, '-'), "\n");
  absl::StrAppend(&chart, std::string(11, ' '), marks, "\n");
  const std::string first = MonthLabel(series.points.front().day);
  const std::string last = MonthLabel(series.points.back().day);
  absl::StrAppendFormat(&chart, "%11s%-*s%s\n", "", std::max(1, columns - 7), first, last);
  for (const StatusMarker& marker : series.markers) {
    absl::StrAppend(&chart, std::string(11, ' '), "^ ", MonthLabel(marker.day), " status ",
                    marker.label, "\n");
  }
  return chart;
}

}  // namespace chancery::cli
