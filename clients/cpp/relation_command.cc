// chancery relation A B: where one relationship stands.

#include <iostream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"
#include "clients/cpp/table.h"
#include "services/domain/calendar_date.h"
#include "services/domain/streams.h"

namespace chancery::cli {
namespace {

std::string DescribeMeasure(const v1::Measure& measure) {
  std::string text = absl::StrCat(MeasureName(measure.kind()), " by ", measure.imposer_code(),
                                  " since ", domain::FormatDate(measure.open_date()));
  if (measure.close_event_id().empty()) return text + " (active)";
  return absl::StrCat(text, ", lifted ", domain::FormatDate(measure.close_date()));
}

void PrintRelationship(const v1::Relationship& relation, bool colour) {
  // The server names dyads canonically; should one not be, its codes show as "?".
  const std::optional<domain::StreamName> dyad = domain::StreamName::FromCanonical(relation.dyad());
  const std::string a = dyad ? std::string(dyad->first()) : "?";
  const std::string b = dyad ? std::string(dyad->second()) : "?";
  auto line = [](const std::string& label, const std::string& value) {
    std::cout << absl::StrFormat("%-16s%s\n", label, value);
  };
  std::cout << Paint(relation.dyad(), kBold, colour) << "  as of "
            << domain::FormatDate(relation.as_of_date()) << ", known at position "
            << relation.known_at_position() << "\n";
  std::string status = Paint(StatusName(relation.status()), StatusColour(relation.status()), colour);
  if (relation.has_status_since_date()) {
    absl::StrAppend(&status, " since ", domain::FormatDate(relation.status_since_date()),
                    " (event ", relation.status_event_id(), ")");
  }
  line("status", status);
  line("representation",
       absl::StrCat(a, " in ", b, ": ", RepresentationName(relation.representation_a_in_b()), "; ",
                    b, " in ", a, ": ", RepresentationName(relation.representation_b_in_a())));
  if (relation.measures().empty()) line("measures", "none");
  for (int i = 0; i < relation.measures_size(); ++i) {
    line(i == 0 ? "measures" : "", DescribeMeasure(relation.measures(i)));
  }
  line("score", absl::StrCat(FormatScore(relation.score()), " (short-term ",
                             FormatScore(relation.short_score()), ")"));
  line("trend", TrendName(relation.trend()));
  const v1::QuadClassCounts& counts = relation.window_counts();
  line(absl::StrCat("last ", relation.window_days(), " days"),
       absl::StrFormat("verbal cooperation %d, material cooperation %d, verbal conflict %d, "
                       "material conflict %d",
                       counts.verbal_cooperation(), counts.material_cooperation(),
                       counts.verbal_conflict(), counts.material_conflict()));
  line("events", absl::StrCat(relation.event_count(), " (", relation.occurrence_count(),
                              relation.occurrence_count() == 1 ? " occurrence)" : " occurrences)"));
  if (relation.has_last_event()) {
    line("last event", absl::StrCat(RecordDate(relation.last_event()), "  ",
                                    Shorten(RecordWhat(relation.last_event()), 100)));
  }
  std::cout.flush();
}

int RunRelation(const Context& context, const ParsedArgs& args) {
  v1::GetRelationshipRequest request;
  request.set_dyad(DyadName(args.positionals()[0], args.positionals()[1]));
  if (absl::Status status = ReadQueryPoint(args, request); !status.ok()) {
    return ReportUsageError(status);
  }
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  Result<v1::GetRelationshipResponse> response = client->GetRelationship(request, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  if (context.json) {
    PrintJsonLine(response->relationship(), std::cout);
  } else {
    PrintRelationship(response->relationship(), context.colour);
  }
  return kExitOk;
}

}  // namespace

Command RelationCommand() {
  return {{"relation", "A B [--as-of DATE] [--known-at POSITION]",
           "The state of the A-B relationship.\n"
           "Status, representation, measures, score, trend and last event.",
           {{"as-of", true, "DATE the date whose state is wanted, YYYY-MM-DD (default today)"},
            {"known-at", true, "POSITION know the log only up to this position (default all)"}},
           2, 2},
          RunRelation};
}

}  // namespace chancery::cli
