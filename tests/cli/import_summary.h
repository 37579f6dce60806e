// The summary `chancery --json import` prints, read back.

#ifndef CHANCERY_TESTS_CLI_IMPORT_SUMMARY_H_
#define CHANCERY_TESTS_CLI_IMPORT_SUMMARY_H_

#include <cstdint>
#include <string>

#include "google/protobuf/struct.pb.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_fixture.h"

namespace chancery::testing {

struct Summary {
  std::string path;  // Set on a file's line when several files are imported.
  int64_t rows_read = -1, imported = -1, duplicates = -1, rejected = -1, skipped = -1;

  // Adds up: every row read is imported, a duplicate, rejected or skipped.
  bool AddsUp() const { return imported + duplicates + rejected + skipped == rows_read; }
};

inline Summary ParseSummary(const std::string& line) {
  google::protobuf::Struct object = ParseJson<google::protobuf::Struct>(line);
  auto number = [&](const char* key) {
    EXPECT_TRUE(object.fields().contains(key)) << key << " missing in " << line;
    return object.fields().contains(key)
               ? static_cast<int64_t>(object.fields().at(key).number_value())
               : -1;
  };
  const auto path = object.fields().find("path");
  return {path != object.fields().end() ? path->second.string_value() : "",
          number("rowsRead"), number("imported"), number("duplicates"), number("rejected"),
          number("skipped")};
}

}  // namespace chancery::testing

#endif  // CHANCERY_TESTS_CLI_IMPORT_SUMMARY_H_
