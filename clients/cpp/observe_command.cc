// chancery observe: records one observation of the representation between
// two countries (an embassy reopening, an ambassador appointed).

#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "chancery/v1/relations_service.pb.h"
#include "clients/cpp/causation_flags.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/record_result.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

int RunObserve(const Context& context, const ParsedArgs& args) {
  for (const char* flag : {"date", "summary"}) {
    if (!args.Has(flag)) {
      return ReportUsageError(absl::InvalidArgumentError(
          absl::StrCat("chancery observe needs --", flag, " (see chancery observe --help)")));
    }
  }
  if (!args.Has("a-in-b") && !args.Has("b-in-a")) {
    return ReportUsageError(absl::InvalidArgumentError(
        "chancery observe needs --a-in-b, --b-in-a or both: the levels observed"));
  }
  absl::StatusOr<google::type::Date> date = ParseDateFlag("--date", args.Value("date"));
  if (!date.ok()) return ReportUsageError(date.status());

  v1::RepresentationObservation observation;
  observation.set_observation_id(args.Value("id", RandomEventId()));
  *observation.mutable_observe_date() = *date;
  observation.set_a_code(absl::AsciiStrToUpper(args.positionals()[0]));
  observation.set_b_code(absl::AsciiStrToUpper(args.positionals()[1]));
  for (const auto& [flag, set] :
       {std::pair<const char*, void (v1::RepresentationObservation::*)(v1::ObservedRepresentation)>{
            "a-in-b", &v1::RepresentationObservation::set_a_in_b},
        {"b-in-a", &v1::RepresentationObservation::set_b_in_a}}) {
    if (!args.Has(flag)) continue;
    absl::StatusOr<v1::ObservedRepresentation> level =
        ParseObserved(absl::StrCat("--", flag), args.Value(flag));
    if (!level.ok()) return ReportUsageError(level.status());
    (observation.*set)(*level);
  }
  observation.set_summary(args.Value("summary"));
  if (args.Has("url")) observation.add_citations()->set_url(args.Value("url"));

  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  v1::RecordObservationsRequest request;
  *request.add_observations() = std::move(observation);
  SetCausation(args, request);
  Result<v1::RecordObservationsResponse> response = client->RecordObservations(request, WithTimeout());
  if (!response.ok()) return ReportRpcError(context, response.error());
  PrintRecordResult(context, response->results(0), "recorded", std::cout);
  return kExitOk;
}

}  // namespace

Command ObserveCommand() {
  return {{"observe", "A B --date YYYY-MM-DD --summary TEXT [--a-in-b LEVEL] [--b-in-a LEVEL]",
           "Records an observation of the diplomatic representation between A and B (an\n"
           "embassy reopening, an ambassador appointed or recalled); the relationship starts\n"
           "from its latest observation. Levels: none, charge_d_affaires, minister, ambassador,\n"
           "other (an interests section). Prints the observation's id and log position.",
           WithCausationFlags({
               {"date", true, "YYYY-MM-DD date from which the observation holds"},
               {"summary", true, "TEXT what was observed"},
               {"a-in-b", true, "LEVEL A's mission in B"},
               {"b-in-a", true, "LEVEL B's mission in A"},
               {"url", true, "URL citation: an http or https source"},
               {"id", true, "UUID observation id (default: a new random one)"}}),
           2, 2},
          RunObserve};
}

}  // namespace chancery::cli
