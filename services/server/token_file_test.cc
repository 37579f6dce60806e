#include "services/server/token_file.h"

#include <sys/stat.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// The line for `token`, as an operator writes it.
std::string Line(absl::string_view token, absl::string_view rest) {
  return absl::StrCat("sha256:", absl::BytesToHexString(TokenDigest(token)), " ", rest, "\n");
}

std::string ErrorOf(absl::string_view text) {
  absl::StatusOr<TokenTable> table = ParseTokens(text, "--tokens=t");
  EXPECT_FALSE(table.ok());
  return std::string(table.status().message());
}

TEST(TokenFileTest, ReadsGrantsByDigest) {
  absl::StatusOr<TokenTable> table = ParseTokens(
      absl::StrCat("# ingest pipeline\n", Line("s3cret", "ingest recorder,reader"), "\n",
                   Line("other", "alice@example.org admin")),
      "--tokens=t");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), 2u);
  const TokenGrant& ingest = table->at(TokenDigest("s3cret"));
  EXPECT_EQ(ingest.principal, "ingest");
  EXPECT_EQ(ingest.roles.ToString(), "reader,recorder");
  EXPECT_EQ(table->at(TokenDigest("other")).principal, "alice@example.org");
  EXPECT_EQ(table->count(TokenDigest("s3cret ")), 0u);
}

TEST(TokenFileTest, ATokenMayExpire) {
  absl::StatusOr<TokenTable> table =
      ParseTokens(Line("a", "p reader expires=2027-01-31T12:00:00Z") + Line("b", "q reader"),
                  "--tokens=t");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->at(TokenDigest("a")).expires, absl::FromUnixSeconds(1801396800));
  EXPECT_EQ(table->at(TokenDigest("b")).expires, absl::InfiniteFuture());
}

TEST(TokenFileTest, TheDigestIsSha256OfTheToken) {
  // printf %s test | sha256sum
  EXPECT_EQ(absl::BytesToHexString(TokenDigest("test")),
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
}

TEST(TokenFileTest, NamesTheLineAndWhatIsWrong) {
  const std::string good = Line("a", "p reader");
  EXPECT_THAT(ErrorOf(absl::StrCat(good, "sha256:abc p reader\n")),
              AllOf(HasSubstr("--tokens=t line 2"), HasSubstr("64 hex digits")));
  EXPECT_THAT(ErrorOf("s3cret p reader\n"), HasSubstr("never the token itself"));
  EXPECT_THAT(ErrorOf(Line("a", "p")), HasSubstr("has 2 fields, not 3"));
  EXPECT_THAT(ErrorOf(Line("a", "p reader extra")), HasSubstr("is not expires=<RFC 3339 time>"));
  EXPECT_THAT(ErrorOf(Line("a", "p reader expires=2027-13-01")),
              HasSubstr("is not expires=<RFC 3339 time>"));
  EXPECT_THAT(ErrorOf(Line("a", "p reader expires=2027-01-01T00:00:00Z more")),
              HasSubstr("has 5 fields, not 3 or 4"));
  EXPECT_THAT(ErrorOf(Line("a", "p reader,writer")),
              AllOf(HasSubstr("\"writer\" is not a role"), HasSubstr("reader, recorder")));
  EXPECT_THAT(ErrorOf(Line("a", "p$ reader")), HasSubstr("principal \"p$\""));
  EXPECT_THAT(ErrorOf(absl::StrCat(good, Line("a", "q admin"))),
              AllOf(HasSubstr("line 2"), HasSubstr("earlier line")));
  EXPECT_THAT(ErrorOf("# nothing\n\n"), HasSubstr("holds no token"));
}

class TokenFileOnDiskTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text, mode_t mode) {
    const std::string path = dir_.File("tokens");
    std::ofstream(path) << text;
    chmod(path.c_str(), mode);
    return path;
  }
  chancery::testing::TempDir dir_;
};

TEST_F(TokenFileOnDiskTest, LoadsAFileOnlyItsOwnerMayWrite) {
  absl::StatusOr<TokenTable> table = LoadTokenFile(Write(Line("a", "p reader"), 0640));
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 1u);
}

TEST_F(TokenFileOnDiskTest, RefusesAWorldWritableFile) {
  absl::StatusOr<TokenTable> table = LoadTokenFile(Write(Line("a", "p reader"), 0666));
  EXPECT_EQ(table.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(table.status().message(), HasSubstr("chmod o-w"));
}

TEST_F(TokenFileOnDiskTest, RefusesAMissingOrUnreadableFile) {
  EXPECT_EQ(LoadTokenFile(dir_.File("none")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(LoadTokenFile(dir_.File("none")).status().message(),
              HasSubstr(absl::StrCat("--tokens=", dir_.File("none"))));
  if (geteuid() != 0) {  // root reads any file
    EXPECT_EQ(LoadTokenFile(Write(Line("a", "p reader"), 0000)).status().code(),
              absl::StatusCode::kPermissionDenied);
  }
  EXPECT_THAT(LoadTokenFile(dir_.path()).status().message(), HasSubstr("is not a file"));
}

}  // namespace
}  // namespace chancery::server
