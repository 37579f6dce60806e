// NDJSON: one JSON object per line, either a chancery.v1.DiplomaticEvent or
// a chancery.v1.LogRecord (what `chancery audit export` writes: its `event`
// is recorded again, its `retraction` retracted again). A line whose object
// has an "event" or "retraction" key is a LogRecord.

#include "absl/strings/str_cat.h"
#include "chancery/v1/log_record.pb.h"
#include "clients/cpp/import_fields.h"
#include "clients/cpp/import_row.h"
#include "google/protobuf/struct.pb.h"

namespace chancery::cli {
namespace {

std::string NotA(absl::string_view type, const std::string& error) {
  return absl::StrCat("not a ", type, " in JSON: ", error);
}

class NdjsonParser : public RowParser {
 public:
  ImportRow Parse(absl::string_view line) const override {
    google::protobuf::Struct object;
    if (std::string error = ParseJsonText(line, object); !error.empty()) {
      return ImportRow::Rejected(absl::StrCat("not a JSON object: ", error));
    }
    ImportRow row;
    if (object.fields().contains("event") || object.fields().contains("retraction") ||
        object.fields().contains("observation")) {
      v1::LogRecord record;
      if (std::string error = ParseJsonText(line, record); !error.empty()) {
        return ImportRow::Rejected(NotA("chancery.v1.LogRecord", error));
      }
      if (record.has_retraction()) {
        row.kind = ImportRow::Kind::kRetraction;
        row.retraction = std::move(*record.mutable_retraction());
      } else if (record.has_observation()) {
        row.kind = ImportRow::Kind::kObservation;
        row.observation = std::move(*record.mutable_observation());
      } else {
        row.kind = ImportRow::Kind::kEvent;
        row.event = std::move(*record.mutable_event());
      }
      return row;
    }
    if (std::string error = ParseJsonText(line, row.event); !error.empty()) {
      return ImportRow::Rejected(NotA("chancery.v1.DiplomaticEvent", error));
    }
    row.kind = ImportRow::Kind::kEvent;
    return row;
  }
};

}  // namespace

std::unique_ptr<RowParser> NewNdjsonParser() { return std::make_unique<NdjsonParser>(); }

}  // namespace chancery::cli
