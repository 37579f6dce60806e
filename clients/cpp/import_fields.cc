#include "clients/cpp/import_fields.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/display_names.h"
#include "services/domain/actor_codes.h"
#include "services/domain/calendar_date.h"
#include "services/domain/cameo_codebook.h"
#include "google/protobuf/util/json_util.h"

namespace chancery::cli {

namespace {

// How deep a JSON text nests objects and arrays, outside strings.
int JsonDepth(absl::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

std::string ParseJsonText(absl::string_view text, google::protobuf::Message& message) {
  // Chancery's records nest a few levels; protobuf's parser takes minutes over a line
  // nested a hundred thousand deep, so such a line is refused before it gets there.
  constexpr int kMaxDepth = 32;
  if (const int depth = JsonDepth(text); depth > kMaxDepth) {
    return absl::StrCat("nested ", depth, " levels deep; at most ", kMaxDepth, " are allowed");
  }
  const google::protobuf::util::Status status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &message,
      google::protobuf::util::JsonParseOptions());
  if (status.ok()) return "";
  // The parser's message may go on with a caret line under the input; the first line says it.
  const std::string error(status.message());
  return error.substr(0, error.find('\n'));
}

absl::StatusOr<google::type::Date> ParseYyyymmdd(absl::string_view text) {
  int year = 0, month = 0, day = 0;
  google::type::Date date;
  // SimpleAtoi alone would also take spaces and signs ("2019 1+1").
  if (text.size() == 8 && std::all_of(text.begin(), text.end(), absl::ascii_isdigit) &&
      absl::SimpleAtoi(text.substr(0, 4), &year) &&
      absl::SimpleAtoi(text.substr(4, 2), &month) && absl::SimpleAtoi(text.substr(6, 2), &day)) {
    date.set_year(year);
    date.set_month(month);
    date.set_day(day);
  }
  if (!domain::IsCalendarDate(date)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text, "\" is not a date YYYYMMDD"));
  }
  return date;
}

absl::StatusOr<double> ParseGoldstein(absl::string_view text) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !(value >= -10 && value <= 10)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a Goldstein value from -10 to 10"));
  }
  return value;
}

void SetActor(absl::string_view code, absl::string_view role, absl::string_view name,
              v1::Actor& actor) {
  constexpr size_t kMaxDisplayName = 200;
  actor.set_code(std::string(code));
  if (domain::ActorRegistry::Default().FindRole(role) != nullptr) actor.set_role(std::string(role));
  actor.set_display_name(Shorten(std::string(name), kMaxDisplayName));
}

std::string ImportSummary(const v1::DiplomaticEvent& event, absl::string_view action) {
  std::string what(action);
  if (what.empty()) {
    const domain::CameoCode* code = domain::CameoCodebook::Default().Find(event.cameo_code());
    what = code != nullptr ? code->name : absl::StrCat("CAMEO ", event.cameo_code());
  }
  auto name = [](const v1::Actor& actor) {
    return actor.display_name().empty() ? actor.code() : actor.display_name();
  };
  return absl::StrCat(what, " (", name(event.source()), " → ", name(event.target()), ")");
}

}  // namespace chancery::cli
