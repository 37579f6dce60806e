#include "services/domain/url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace chancery::domain {
namespace {

using ::testing::HasSubstr;

std::string Problem(absl::string_view url) { return std::string(CheckHttpUrl(url).message()); }

TEST(CheckHttpUrlTest, AcceptsAbsoluteHttpAndHttpsUrls) {
  for (const char* url : {
           "https://kh.usembassy.gov/",
           "http://example.com",
           "HTTPS://Example.COM/Path",
           "https://www.reuters.com/article/us-cambodia-usa-idUSKBN1Y00T3?utm_source=x&a=b#top",
           "https://example.com:8443/a/b;c=d",
           "https://example.com./",
           "https://192.0.2.7/report.pdf",
           "https://[2001:db8::1]:443/",
           "https://en.wikipedia.org/wiki/Cambodia%E2%80%93United_States_relations",
           "https://km.wikipedia.org/wiki/ភ្នំពេញ",
           "https://xn--80ak6aa92e.com/",
           "https://bücher.example/",
           "https://example.com/a(b)!$'*+,:@~",
           "https://localhost",
       }) {
    EXPECT_TRUE(CheckHttpUrl(url).ok()) << url << ": " << CheckHttpUrl(url);
  }
}

TEST(CheckHttpUrlTest, RejectsOtherSchemesAndRelativeUrls) {
  EXPECT_THAT(Problem("ftp://example.com/file"), HasSubstr("must start with http:// or https://"));
  EXPECT_THAT(Problem("javascript:alert(1)"), HasSubstr("must start with http://"));
  EXPECT_THAT(Problem("/relative/path"), HasSubstr("must start with http://"));
  EXPECT_THAT(Problem("example.com/page"), HasSubstr("must start with http://"));
  EXPECT_THAT(Problem("https:example.com"), HasSubstr("must be followed by \"//\" and a host"));
  EXPECT_THAT(Problem("https:/example.com"), HasSubstr("must be followed by \"//\""));
}

TEST(CheckHttpUrlTest, RequiresAHost) {
  EXPECT_THAT(Problem("https://"), HasSubstr("there is no host"));
  EXPECT_THAT(Problem("https:///path"), HasSubstr("there is no host"));
  EXPECT_THAT(Problem("https://:443/"), HasSubstr("there is no host"));
  EXPECT_THAT(Problem("https://exa mple.com"), HasSubstr("space or control character"));
  EXPECT_THAT(Problem("www.example.com/a b"), HasSubstr("must start with http://"));
  EXPECT_THAT(Problem("https://example..com/"), HasSubstr("empty label"));
  EXPECT_THAT(Problem("https://.example.com/"), HasSubstr("empty label"));
  EXPECT_THAT(Problem("https://-example.com/"), HasSubstr("starts or ends with '-'"));
  EXPECT_THAT(Problem("https://exam_ple.com/"), HasSubstr("the host contains '_'"));
  EXPECT_THAT(Problem(absl::StrCat("https://", std::string(64, 'a'), ".com/")),
              HasSubstr("longer than 63 bytes"));
  EXPECT_THAT(Problem("https://[2001:db8::1/"), HasSubstr("not closed"));
  EXPECT_THAT(Problem("https://[zz]/"), HasSubstr("only hex digits"));
  EXPECT_THAT(Problem("https://[2001:db8::1]x/"), HasSubstr("followed by ':' and a port"));
}

TEST(CheckHttpUrlTest, RejectsCredentials) {
  EXPECT_THAT(Problem("https://user:secret@example.com/"), HasSubstr("user name or password"));
}

TEST(CheckHttpUrlTest, ChecksThePort) {
  EXPECT_TRUE(CheckHttpUrl("https://example.com:65535/").ok());
  EXPECT_THAT(Problem("https://example.com:65536/"), HasSubstr("from 0 to 65535"));
  EXPECT_THAT(Problem("https://example.com:/"), HasSubstr("from 0 to 65535"));
  EXPECT_THAT(Problem("https://example.com:http/"), HasSubstr("from 0 to 65535"));
  EXPECT_THAT(Problem("https://example.com:1:2/"), HasSubstr("from 0 to 65535"));
}

TEST(CheckHttpUrlTest, RejectsCharactersThatMustBeEncoded) {
  EXPECT_THAT(Problem("https://example.com/a b"), HasSubstr("percent-encode spaces as %20"));
  EXPECT_THAT(Problem("https://example.com/\n"), HasSubstr("control character"));
  EXPECT_THAT(Problem("https://example.com/\xC2\x85"), HasSubstr("control character"));
  EXPECT_THAT(Problem("https://example.com/a<b"),
              HasSubstr("'<', which must be percent-encoded (%3C)"));
  EXPECT_THAT(Problem("https://example.com/a\"b"), HasSubstr("(%22)"));
  EXPECT_THAT(Problem("https://example.com/a{b}"), HasSubstr("'{'"));
  EXPECT_THAT(Problem("https://example.com/a|b"), HasSubstr("'|'"));
  EXPECT_THAT(Problem("https://example.com/a\\b"), HasSubstr("(%5C)"));
  EXPECT_THAT(Problem("https://example.com/#a#b"), HasSubstr("'#'"));
  EXPECT_THAT(Problem("https://example.com/%zz"), HasSubstr("'%' is not followed by two hex"));
  EXPECT_THAT(Problem("https://example.com/%4"), HasSubstr("'%' is not followed by two hex"));
  EXPECT_THAT(Problem("https://example.com/\xFF"), HasSubstr("not valid UTF-8"));
}

}  // namespace
}  // namespace chancery::domain
