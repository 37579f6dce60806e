// chancery import's inputs: gzip and zip files (made here with zlib and
// libzip), damaged ones, and several files and a directory in one call.

#include <zip.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cli/cli_fixture.h"
#include "tests/cli/import_summary.h"
#include "services/chanceryd/testing/read_file.h"

namespace chancery::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

const std::string kGdelt2 = CHANCERY_TEST_DATA_DIR "/gdelt/gdelt2.mixed100.export.CSV";
const std::string kGdelt1 = CHANCERY_TEST_DATA_DIR "/gdelt/gdelt1.mixed100.export.CSV";

void WriteGzip(const std::string& path, const std::string& content) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  ASSERT_EQ(gzwrite(file, content.data(), content.size()), static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(file), Z_OK);
}

void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr) << error;
  for (const auto& [name, content] : entries) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(archive), 0);  // Writes the archive; `entries` must live until here.
}

// Overwrites `count` bytes of `path` from `offset` with `byte`.
void Damage(const std::string& path, size_t offset, size_t count, char byte) {
  std::string content = ReadFile(path);
  ASSERT_LE(offset + count, content.size());
  content.replace(offset, count, std::string(count, byte));
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

class ImportInputsTest : public CliTest {
 protected:
  Summary Import(const std::vector<std::string>& paths, int* exit_code = nullptr,
                 std::string* err = nullptr) {
    std::vector<std::string> args = {"--json", "import"};
    args.insert(args.end(), paths.begin(), paths.end());
    const CliResult result = Chancery(args);
    if (exit_code != nullptr) *exit_code = result.exit_code;
    if (err != nullptr) *err = result.err;
    EXPECT_LT(result.exit_code, 2) << result.err;  // 0 or 1: never a crash.
    const std::vector<std::string> lines = Lines(result.out);
    return lines.empty() ? Summary() : ParseSummary(lines.back());
  }
};

TEST_F(ImportInputsTest, GzipAndZipGiveThePlainFilesCounts) {
  const std::string plain = ReadFile(kGdelt2);
  ASSERT_THAT(Lines(plain), SizeIs(100));
  const Summary first = Import({kGdelt2});
  EXPECT_EQ(first.rows_read, 100);
  EXPECT_TRUE(first.AddsUp());

  // Told by content: the gzip file's name does not say it.
  const std::string gz = dir_.File("gdelt2.export.data");
  WriteGzip(gz, plain);
  const std::string zip = dir_.File("gdelt2.export.CSV.zip");
  WriteZip(zip, {{"gdelt2.export.CSV", plain}});
  for (const std::string& path : {gz, zip}) {
    SCOPED_TRACE(path);
    const Summary again = Import({path});
    EXPECT_EQ(again.rows_read, first.rows_read);
    EXPECT_EQ(again.rejected, first.rejected);
    EXPECT_EQ(again.skipped, first.skipped);
    EXPECT_EQ(again.imported, 0);
    EXPECT_EQ(again.duplicates, first.imported);  // The same events, by their stable ids.
  }
}

TEST_F(ImportInputsTest, ZipEntriesAreReadInOrderAndDirectoriesLeftOut) {
  const std::string gdelt1 = ReadFile(kGdelt1), gdelt2 = ReadFile(kGdelt2);
  const std::string zip = dir_.File("both.zip");
  // The first entry lacks its last line break: the rows must not run together.
  WriteZip(zip, {{"a/", ""}, {"a/1.CSV", gdelt1.substr(0, gdelt1.size() - 1)}, {"2.CSV", gdelt2}});
  const Summary summary = Import({zip});
  EXPECT_EQ(summary.rows_read, 200);
  EXPECT_TRUE(summary.AddsUp());
  const Summary separately = Import({kGdelt1, kGdelt2});
  EXPECT_EQ(separately.duplicates, summary.imported);
  EXPECT_EQ(separately.rejected, summary.rejected);
}

// The number of the line a damage note names, from "...line N: rejected: <what>...".
int64_t DamageLine(const std::string& err, const std::string& what) {
  for (const std::string& note : Lines(err)) {
    const size_t at = note.find(": rejected: " + what);
    const size_t line = note.rfind("line ", at);
    int64_t number = -1;
    if (at != std::string::npos && line != std::string::npos &&
        absl::SimpleAtoi(note.substr(line + 5, at - line - 5), &number)) {
      return number;
    }
  }
  return -1;
}

TEST_F(ImportInputsTest, ATruncatedGzipImportsTheRowsBeforeTheDamageAndCountsIt) {
  const std::string gz = dir_.File("gdelt2.CSV.gz");
  WriteGzip(gz, ReadFile(kGdelt2));
  std::filesystem::resize_file(gz, std::filesystem::file_size(gz) / 2);
  int exit_code = -1;
  std::string err;
  const Summary summary = Import({gz}, &exit_code, &err);
  EXPECT_EQ(exit_code, 1);
  const int64_t damage = DamageLine(err, "the gzip stream is truncated/corrupt: ");
  ASSERT_GT(damage, 1) << err;  // Rows came before the damage.
  ASSERT_LE(damage, 100) << err;
  EXPECT_EQ(summary.rows_read, damage);  // Every whole line before it, and the damage itself.
  EXPECT_GE(summary.rejected, 1);
  EXPECT_TRUE(summary.AddsUp());
}

TEST_F(ImportInputsTest, ACorruptZipIsACountedRejection) {
  const std::string plain = ReadFile(kGdelt2);
  const std::string zip = dir_.File("gdelt2.CSV.zip");
  WriteZip(zip, {{"gdelt2.CSV", plain}});
  // Garbage in the middle of the entry's compressed data.
  Damage(zip, std::filesystem::file_size(zip) / 2, 64, '\xff');
  int exit_code = -1;
  std::string err;
  Summary summary = Import({zip}, &exit_code, &err);
  EXPECT_EQ(exit_code, 1);
  EXPECT_GT(DamageLine(err, "the zip archive is corrupt: entry gdelt2.CSV: "), 0) << err;
  EXPECT_TRUE(summary.AddsUp());
  EXPECT_LE(summary.rows_read, 101);

  // An archive whose directory is gone: nothing to read but the damage.
  Damage(zip, std::filesystem::file_size(zip) - 100, 100, '\0');
  summary = Import({zip}, &exit_code, &err);
  EXPECT_EQ(exit_code, 1);
  EXPECT_EQ(DamageLine(err, "the zip archive is corrupt: "), 1) << err;
  EXPECT_EQ(summary.rows_read, 1);
  EXPECT_EQ(summary.rejected, 1);
}

TEST_F(ImportInputsTest, TwoFilesAndADirectoryWithALineEachAndATotal) {
  const std::string ndjson =
      "{\"eventId\":\"6f1c2a4e-0000-4000-8000-000000000001\",\"occurDate\":{\"year\":2019,"
      "\"month\":11,\"day\":26},\"source\":{\"code\":\"USA\"},\"target\":{\"code\":\"KHM\"},"
      "\"cameoCode\":\"036\",\"summary\":\"Letter\"}\n"
      "not json\n";
  const std::string b = WriteFile("b.ndjson", ndjson);
  std::filesystem::create_directories(dir_.File("dir/sub"));
  WriteGzip(dir_.File("dir/2.CSV.gz"), ReadFile(kGdelt2));
  WriteFile("dir/1.ndjson", "\n{\"eventId\":\"bad\",\"colour\":\"red\"}\n");
  WriteFile("dir/.hidden", "not read\n");
  WriteFile("dir/sub/3.ndjson", "not read either\n");

  const CliResult result = Chancery({"--json", "import", kGdelt1, b, dir_.File("dir")});
  EXPECT_EQ(result.exit_code, 1);  // b and dir/1.ndjson have rejected rows.
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_THAT(lines, SizeIs(5)) << result.out;
  std::vector<Summary> files;
  Summary sum{"", 0, 0, 0, 0, 0};
  for (size_t i = 0; i < 4; ++i) {
    files.push_back(ParseSummary(lines[i]));
    EXPECT_TRUE(files.back().AddsUp()) << lines[i];
    sum.rows_read += files.back().rows_read;
    sum.imported += files.back().imported;
    sum.duplicates += files.back().duplicates;
    sum.rejected += files.back().rejected;
    sum.skipped += files.back().skipped;
  }
  EXPECT_EQ(files[0].path, kGdelt1);
  EXPECT_EQ(files[1].path, b);
  EXPECT_EQ(files[2].path, dir_.File("dir/1.ndjson"));
  EXPECT_EQ(files[3].path, dir_.File("dir/2.CSV.gz"));
  EXPECT_EQ(files[0].rows_read, 100);
  EXPECT_EQ(files[1].rows_read, 2);
  EXPECT_EQ(files[1].imported, 1);
  EXPECT_EQ(files[2].rows_read, 1);
  EXPECT_EQ(files[2].rejected, 1);
  EXPECT_EQ(files[3].rows_read, 100);
  const Summary total = ParseSummary(lines[4]);
  EXPECT_EQ(total.path, "");
  EXPECT_EQ(total.rows_read, sum.rows_read);
  EXPECT_EQ(total.imported, sum.imported);
  EXPECT_EQ(total.duplicates, sum.duplicates);
  EXPECT_EQ(total.rejected, sum.rejected);
  EXPECT_EQ(total.skipped, sum.skipped);
  // Notes name their file.
  EXPECT_THAT(Lines(result.err), Contains(StartsWith(b + " line 2: rejected: not a JSON object")));
  EXPECT_THAT(Lines(result.err),
              Contains(StartsWith(dir_.File("dir/1.ndjson") + " line 2: rejected: ")));

  // The human form: "PATH: imported ..." per file, then the total.
  const CliResult human = Chancery({"import", b, dir_.File("dir/1.ndjson")});
  EXPECT_THAT(Lines(human.out),
              ElementsAre(b + ": imported 0, duplicates 1, rejected 1, skipped 0 (2 rows read)",
                          dir_.File("dir/1.ndjson") +
                              ": imported 0, duplicates 0, rejected 1, skipped 0 (1 rows read)",
                          "imported 0, duplicates 1, rejected 2, skipped 0 (3 rows read)"));
}

TEST_F(ImportInputsTest, AMissingFileStopsBeforeAnyImport) {
  const CliResult result = Chancery({"import", kGdelt1, dir_.File("nope.CSV")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("cannot read " + dir_.File("nope.CSV")));
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(WholeLog(), SizeIs(0));
}

}  // namespace
}  // namespace chancery::testing
