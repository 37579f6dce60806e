#include "clients/cpp/plover_parser.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clients/cpp/display_names.h"
#include "clients/cpp/event_ids.h"
#include "clients/cpp/flag_values.h"
#include "clients/cpp/import_fields.h"
#include "clients/cpp/json_records.h"
#include "clients/cpp/plover_codes.h"
#include "google/protobuf/struct.pb.h"
#include "services/domain/event_validator.h"

namespace chancery::cli {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

std::string StringField(const Struct& object, const char* key) {
  const auto it = object.fields().find(key);
  return it != object.fields().end() && it->second.kind_case() == Value::kStringValue
             ? it->second.string_value()
             : "";
}

struct PloverActor {
  std::string code, sector, text;
};

// Actors reads the list `key`; absent, null, "" and [] are no actors.
absl::StatusOr<std::vector<PloverActor>> Actors(const Struct& record, const char* key) {
  std::vector<PloverActor> actors;
  const auto it = record.fields().find(key);
  if (it == record.fields().end()) return actors;
  const Value& value = it->second;
  if (value.has_null_value() || (value.has_string_value() && value.string_value().empty())) {
    return actors;
  }
  if (!value.has_list_value()) {
    return absl::InvalidArgumentError(absl::StrCat(key, " is not a list of actors"));
  }
  for (const Value& item : value.list_value().values()) {
    const std::string code =
        item.has_struct_value() ? StringField(item.struct_value(), "code") : "";
    if (code.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(key, " has an actor without a code"));
    }
    actors.push_back({code, StringField(item.struct_value(), "sector"),
                      StringField(item.struct_value(), "actorText")});
  }
  return actors;
}

// Pairs are the source-target pairs of different codes, each pair of codes
// once; when every actor has the same code, the record's first pair (a
// domestic event).
std::vector<std::pair<const PloverActor*, const PloverActor*>> Pairs(
    const std::vector<PloverActor>& sources, const std::vector<PloverActor>& targets) {
  std::vector<std::pair<const PloverActor*, const PloverActor*>> pairs;
  std::set<std::pair<std::string, std::string>> seen;
  for (const PloverActor& source : sources) {
    for (const PloverActor& target : targets) {
      if (source.code != target.code && seen.insert({source.code, target.code}).second) {
        pairs.push_back({&source, &target});
      }
    }
  }
  if (pairs.empty()) pairs.push_back({&sources[0], &targets[0]});
  return pairs;
}

PloverRows One(std::string id, ImportRow row) {
  PloverRows rows{std::move(id), {}};
  rows.rows.push_back(std::move(row));
  return rows;
}

class PloverReader : public RowReader {
 public:
  void AddLine(absl::string_view text, int64_t line, std::vector<SourcedRow>& rows) override {
    records_.clear();
    json_.AddLine(text, line, records_);
    Take(rows);
  }
  void Finish(std::vector<SourcedRow>& rows) override {
    records_.clear();
    json_.Finish(records_);
    Take(rows);
  }

 private:
  void Take(std::vector<SourcedRow>& rows) {
    for (JsonRecord& record : records_) {
      if (!record.error.empty()) {
        rows.push_back({record.line, "", ImportRow::Rejected(std::move(record.error))});
        continue;
      }
      PloverRows parsed = ParsePloverRecord(record.text);
      for (ImportRow& row : parsed.rows) rows.push_back({record.line, parsed.id, std::move(row)});
    }
  }

  JsonRecordReader json_;
  std::vector<JsonRecord> records_;
};

}  // namespace

PloverRows ParsePloverRecord(absl::string_view json) {
  Struct record;
  if (std::string error = ParseJsonText(json, record); !error.empty()) {
    return One("", ImportRow::Rejected(absl::StrCat("not a JSON object: ", error)));
  }
  std::string id = StringField(record, "id");
  if (id.empty()) return One("", ImportRow::Rejected("the record has no \"id\""));
  const std::string event_name = StringField(record, "event");
  if (event_name == "DOCUMENT") {
    return One(std::move(id), ImportRow::Skipped("a DOCUMENT record: documentation, not an event"));
  }
  absl::StatusOr<std::vector<PloverActor>> sources = Actors(record, "source");
  absl::StatusOr<std::vector<PloverActor>> targets = Actors(record, "target");
  for (const auto* actors : {&sources, &targets}) {
    if (!actors->ok()) {
      return One(std::move(id), ImportRow::Rejected(std::string(actors->status().message())));
    }
  }
  if (sources->empty() || targets->empty()) {
    return One(std::move(id),
               ImportRow::Skipped(sources->empty() ? "no source actor" : "no target actor"));
  }
  absl::StatusOr<std::string> code = PloverCodes::Default().CameoCode(
      event_name, StringField(record, "mode"), StringField(record, "context"));
  if (!code.ok()) return One(std::move(id), ImportRow::Rejected(std::string(code.status().message())));
  const std::string date_text = StringField(record, "date");
  if (date_text.empty()) return One(std::move(id), ImportRow::Rejected("the record has no date"));
  absl::StatusOr<google::type::Date> date = ParseDateFlag("date", date_text);
  if (!date.ok()) return One(std::move(id), ImportRow::Rejected(std::string(date.status().message())));

  const std::string text = StringField(record, "text");
  PloverRows rows{id, {}};
  for (const auto& [source, target] : Pairs(*sources, *targets)) {
    ImportRow row;
    row.kind = ImportRow::Kind::kEvent;
    v1::DiplomaticEvent& event = row.event;
    event.set_event_id(
        NameBasedEventId(absl::StrCat("plover:", id, ":", source->code, ":", target->code)));
    *event.mutable_occur_date() = *date;
    SetActor(source->code, source->sector, source->text, *event.mutable_source());
    SetActor(target->code, target->sector, target->text, *event.mutable_target());
    event.set_cameo_code(*code);
    event.set_summary(text.empty() ? ImportSummary(event, StringField(record, "eventText"))
                                   : Shorten(text, domain::kMaxSummaryChars));
    rows.rows.push_back(std::move(row));
  }
  return rows;
}

std::unique_ptr<RowReader> NewPloverReader() { return std::make_unique<PloverReader>(); }

}  // namespace chancery::cli
