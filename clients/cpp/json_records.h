// JsonRecordReader: the JSON objects of a stream fed line by line, whether
// a JSON array of objects spread over many lines or one object per line
// (JSON lines). It finds where each top-level object ends by counting
// braces and brackets outside strings (escapes respected), so it holds one
// record at a time, never the whole file.

#ifndef CHANCERY_CLIENTS_CPP_JSON_RECORDS_H_
#define CHANCERY_CLIENTS_CPP_JSON_RECORDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace chancery::cli {

struct JsonRecord {
  int64_t line = 0;   // Where the object starts.
  std::string text;   // The object, line breaks kept; empty when `error` is set.
  std::string error;  // Set for what is not an object: stray text, an unclosed or huge object.
};

class JsonRecordReader {
 public:
  // AddLine takes the next line (numbered `line`, without its line break)
  // and appends the records it completes to `records`. Outside objects,
  // whitespace, "[", "]" and "," are skipped; other text makes an error
  // record and the rest of its line is skipped.
  void AddLine(absl::string_view text, int64_t line, std::vector<JsonRecord>& records);
  // Finish appends an error record for an object still open at the end.
  void Finish(std::vector<JsonRecord>& records);

  static constexpr size_t kMaxRecordBytes = 4 << 20;

 private:
  std::string current_;  // The open object so far.
  int64_t start_line_ = 0;
  int depth_ = 0;  // Open braces and brackets; 0 outside objects.
  bool in_string_ = false;
  bool escaped_ = false;
  bool too_long_ = false;  // The open object passed kMaxRecordBytes: drop it up to its end.
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_JSON_RECORDS_H_
