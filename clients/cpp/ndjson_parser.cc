// NDJSON: one JSON object per line, either a chancery.v1.DiplomaticEvent or
// a chancery.v1.LogRecord (what `chancery audit export` writes: its `event`
// is recorded again, its `retraction` retracted again). A line whose object
// has an "event" or "retraction" key is a LogRecord.

#include "absl/strings/str_cat.h"
#include "chancery/v1/log_record.pb.h"
#include "clients/cpp/import_row.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace chancery::cli {
namespace {

// ParseJson fills `message` from `line` (unknown fields are errors) and
// returns "" or the parser's complaint.
std::string ParseJson(absl::string_view line, google::protobuf::Message& message) {
  const google::protobuf::util::Status status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &message,
      google::protobuf::util::JsonParseOptions());
  if (status.ok()) return "";
  // The parser's message may go on with a caret line under the input; the first line says it.
  const std::string error(status.message());
  return error.substr(0, error.find('\n'));
}

std::string NotA(absl::string_view type, const std::string& error) {
  return absl::StrCat("not a ", type, " in JSON: ", error);
}

class NdjsonParser : public RowParser {
 public:
  ImportRow Parse(absl::string_view line) const override {
    google::protobuf::Struct object;
    if (std::string error = ParseJson(line, object); !error.empty()) {
      return ImportRow::Rejected(absl::StrCat("not a JSON object: ", error));
    }
    ImportRow row;
    if (object.fields().contains("event") || object.fields().contains("retraction")) {
      v1::LogRecord record;
      if (std::string error = ParseJson(line, record); !error.empty()) {
        return ImportRow::Rejected(NotA("chancery.v1.LogRecord", error));
      }
      if (record.has_retraction()) {
        row.kind = ImportRow::Kind::kRetraction;
        row.retraction = std::move(*record.mutable_retraction());
      } else {
        row.kind = ImportRow::Kind::kEvent;
        row.event = std::move(*record.mutable_event());
      }
      return row;
    }
    if (std::string error = ParseJson(line, row.event); !error.empty()) {
      return ImportRow::Rejected(NotA("chancery.v1.DiplomaticEvent", error));
    }
    row.kind = ImportRow::Kind::kEvent;
    return row;
  }
};

}  // namespace

std::unique_ptr<RowParser> NewNdjsonParser() { return std::make_unique<NdjsonParser>(); }

}  // namespace chancery::cli
