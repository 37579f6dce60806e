#include "clients/cpp/display_names.h"
#include "clients/cpp/score_chart.h"

namespace chancery::cli {

ScoreSeries SeriesFromMonths(
    const std::string& title,
    const google::protobuf::RepeatedPtrField<v1::MonthlyAggregate>& months) {
  ScoreSeries series;
  series.title = title;
  // Changes within the range are marked, not the status it starts with.
  v1::RelationshipStatus previous =
      months.empty() ? v1::RELATIONSHIP_STATUS_NONE : months[0].end_status();
  for (const v1::MonthlyAggregate& month : months) {
    const absl::CivilMonth civil_month(month.month().year(), month.month().month());
    const absl::CivilDay last_day = absl::CivilDay(civil_month + 1) - 1;
    series.points.push_back({last_day, month.end_score()});
    if (month.end_status() != previous && month.end_status() != v1::RELATIONSHIP_STATUS_UNSPECIFIED) {
      series.markers.push_back({last_day, StatusName(month.end_status())});
      previous = month.end_status();
    }
  }
  return series;
}

}  // namespace chancery::cli
