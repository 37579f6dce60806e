#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "clients/cpp/score_chart.h"

namespace chancery::cli {
namespace {

constexpr double kWidth = 900, kHeight = 420;
constexpr double kLeft = 80, kRight = 30, kTop = 50, kBottom = 70;
constexpr int kTicks = 6;

std::string Escape(const std::string& text) {
  return absl::StrReplaceAll(
      text, {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&apos;"}});
}

}  // namespace

std::string SvgChart(const ScoreSeries& series) {
  double low = 0, high = 0;
  for (const ScorePoint& point : series.points) {
    low = std::min(low, point.score);
    high = std::max(high, point.score);
  }
  if (high - low < 1e-9) high = low + 1;
  const double margin = (high - low) * 0.05;
  low -= margin;
  high += margin;
  const absl::CivilDay first = series.points.empty() ? absl::CivilDay() : series.points.front().day;
  const absl::CivilDay last = series.points.empty() ? first : series.points.back().day;
  const double days = std::max<double>(1, last - first);
  const double plot_width = kWidth - kLeft - kRight, plot_height = kHeight - kTop - kBottom;
  auto x_of = [&](absl::CivilDay day) { return kLeft + (day - first) / days * plot_width; };
  auto y_of = [&](double score) { return kTop + (high - score) / (high - low) * plot_height; };

  std::string svg = absl::StrFormat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
      "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
      "<text x=\"%.0f\" y=\"25\" font-size=\"16\" font-weight=\"bold\">%s: score at each "
      "month's end</text>\n",
      kWidth, kHeight, kWidth, kHeight, kLeft, Escape(series.title));
  // Axes, their ticks and titles.
  absl::StrAppendFormat(&svg,
                        "<g id=\"axes\" stroke=\"black\">\n"
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n</g>\n",
                        kLeft, kTop, kLeft, kTop + plot_height, kLeft, kTop + plot_height,
                        kLeft + plot_width, kTop + plot_height);
  for (int i = 0; i <= kTicks; ++i) {
    const double score = low + (high - low) * i / kTicks;
    const double x = kLeft + plot_width * i / kTicks;
    const absl::CivilDay day = first + static_cast<int64_t>(days * i / kTicks);
    absl::StrAppendFormat(
        &svg,
        "<text class=\"y-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>\n"
        "<text class=\"x-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
        kLeft - 6, y_of(score) + 4, score, x, kTop + plot_height + 18,
        absl::FormatCivilTime(absl::CivilMonth(day)));
  }
  absl::StrAppendFormat(
      &svg,
      "<text id=\"x-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">date (month)</text>\n"
      "<text id=\"y-label\" x=\"20\" y=\"%.1f\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 20 %.1f)\">score (decayed Goldstein sum)</text>\n",
      kLeft + plot_width / 2, kHeight - 15, kTop + plot_height / 2, kTop + plot_height / 2);
  absl::StrAppendFormat(&svg,
                        "<line id=\"zero\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                        "stroke=\"grey\" stroke-dasharray=\"4 3\"/>\n",
                        kLeft, y_of(0), kLeft + plot_width, y_of(0));
  // The status changes, then the score line over them.
  for (const StatusMarker& marker : series.markers) {
    const double x = x_of(marker.day);
    absl::StrAppendFormat(
        &svg,
        "<g class=\"status-change\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
        "stroke=\"firebrick\" stroke-dasharray=\"5 3\"/>"
        "<text x=\"%.1f\" y=\"%.1f\" fill=\"firebrick\" font-size=\"11\">%s %s</text></g>\n",
        x, kTop, x, kTop + plot_height, x + 3, kTop + 12,
        absl::FormatCivilTime(absl::CivilMonth(marker.day)), Escape(marker.label));
  }
  std::string points;
  for (const ScorePoint& point : series.points) {
    absl::StrAppendFormat(&points, "%s%.1f,%.1f", points.empty() ? "" : " ", x_of(point.day),
                          y_of(point.score));
  }
  absl::StrAppendFormat(&svg,
                        "<polyline id=\"score\" fill=\"none\" stroke=\"steelblue\" "
                        "stroke-width=\"2\" points=\"%s\"/>\n</svg>\n",
                        points);
  return svg;
}

}  // namespace chancery::cli
