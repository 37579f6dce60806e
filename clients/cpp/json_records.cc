#include "clients/cpp/json_records.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace chancery::cli {

void JsonRecordReader::AddLine(absl::string_view text, int64_t line,
                               std::vector<JsonRecord>& records) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (depth_ == 0) {
      if (absl::ascii_isspace(c) || c == '[' || c == ']' || c == ',') continue;
      if (c != '{') {
        records.push_back({line, "", absl::StrCat("not a JSON object: unexpected \"",
                                                   text.substr(i, 20), "\"")});
        return;
      }
      start_line_ = line;
    }
    if (!too_long_) current_ += c;
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if ((c == '}' || c == ']') && --depth_ == 0) {
      if (!too_long_) records.push_back({start_line_, std::move(current_), ""});
      current_.clear();
      too_long_ = false;
    }
  }
  if (depth_ == 0) return;
  if (!too_long_) current_ += '\n';
  if (!too_long_ && current_.size() > kMaxRecordBytes) {
    records.push_back({start_line_, "", absl::StrCat("the object is longer than ",
                                                     kMaxRecordBytes >> 20, " MiB")});
    current_.clear();
    too_long_ = true;
  }
}

void JsonRecordReader::Finish(std::vector<JsonRecord>& records) {
  if (depth_ > 0 && !too_long_) {
    records.push_back({start_line_, "", "the JSON object is not closed at the end of the input"});
  }
  current_.clear();
  depth_ = 0;
  in_string_ = escaped_ = too_long_ = false;
}

}  // namespace chancery::cli
