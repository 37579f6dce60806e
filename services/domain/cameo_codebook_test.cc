#include "services/domain/cameo_codebook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"

namespace chancery::domain {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kHeader = "code,name,goldstein\n";

const CameoCodebook& Codebook() { return CameoCodebook::Default(); }

TEST(CameoCodebookTest, EmbeddedTableHasEveryIcewsCode) {
  std::map<size_t, int> by_length;
  for (const CameoCode& code : Codebook().codes()) ++by_length[code.code.size()];
  EXPECT_EQ(Codebook().codes().size(), 312u);
  EXPECT_EQ(by_length[2], 20);   // Roots 01 to 20.
  EXPECT_EQ(by_length[3], 147);
  EXPECT_EQ(by_length[4], 145);
}

TEST(CameoCodebookTest, FindsThreeDigitCodeWithIcewsGoldstein) {
  const CameoCode* code = Codebook().Find("036");
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->code, "036");
  EXPECT_EQ(code->name, "Express intent to meet or negotiate");
  EXPECT_EQ(code->goldstein, 4.0);
  EXPECT_EQ(code->quad_class, v1::QUAD_CLASS_VERBAL_COOPERATION);
}

TEST(CameoCodebookTest, FindsRootsAndFourDigitCodes) {
  const CameoCode* root = Codebook().Find("03");
  ASSERT_NE(root, nullptr);
  EXPECT_EQ(root->name, "EXPRESS INTENT TO COOPERATE");
  EXPECT_EQ(root->goldstein, 4.0);

  const CameoCode* four = Codebook().Find("0311");
  ASSERT_NE(four, nullptr);
  EXPECT_EQ(four->name, "Express intent to cooperate economically");
  EXPECT_EQ(four->goldstein, 5.2);
  EXPECT_EQ(four->quad_class, v1::QUAD_CLASS_VERBAL_COOPERATION);

  const CameoCode* wmd = Codebook().Find("2041");
  ASSERT_NE(wmd, nullptr);
  EXPECT_EQ(wmd->goldstein, -10.0);
  EXPECT_EQ(wmd->quad_class, v1::QUAD_CLASS_MATERIAL_CONFLICT);
}

TEST(CameoCodebookTest, StructuralCodesOfTheRelationshipModel) {
  EXPECT_EQ(Codebook().Find("161")->name, "Reduce or break diplomatic relations");
  EXPECT_EQ(Codebook().Find("161")->goldstein, -4.0);
  EXPECT_EQ(Codebook().Find("054")->name, "Grant diplomatic recognition");
  EXPECT_EQ(Codebook().Find("054")->goldstein, 6.0);
  EXPECT_EQ(Codebook().Find("166")->name, "Expel or withdraw");
  EXPECT_EQ(Codebook().Find("163")->goldstein, -8.0);
}

TEST(CameoCodebookTest, GoldsteinValuesAreIcewsNotGdelt) {
  // GDELT's table says -2, 3.2, -7 and -6.5 for these.
  EXPECT_EQ(Codebook().Find("016")->goldstein, -5.0);
  EXPECT_EQ(Codebook().Find("022")->goldstein, 3.4);
  EXPECT_EQ(Codebook().Find("164")->goldstein, -6.5);
  EXPECT_EQ(Codebook().Find("165")->goldstein, -7.0);
}

TEST(CameoCodebookTest, HasIcewsOnlyCode1213) {
  ASSERT_NE(Codebook().Find("1213"), nullptr);
  EXPECT_EQ(Codebook().Find("1213")->name, "Reject judicial cooperation");
}

TEST(CameoCodebookTest, QuadClassOfProtestIsMaterialConflict) {
  EXPECT_EQ(Codebook().Find("14")->quad_class, v1::QUAD_CLASS_MATERIAL_CONFLICT);
  EXPECT_EQ(Codebook().Find("145")->quad_class, v1::QUAD_CLASS_MATERIAL_CONFLICT);
}

TEST(CameoCodebookTest, UnknownOrMisspeltCodesAreNotFound) {
  EXPECT_EQ(Codebook().Find("999"), nullptr);
  EXPECT_EQ(Codebook().Find("36"), nullptr);  // The leading zero matters.
  EXPECT_EQ(Codebook().Find(""), nullptr);
  EXPECT_EQ(Codebook().Find("036 "), nullptr);
  EXPECT_EQ(Codebook().Find("21"), nullptr);
}

TEST(CameoCodebookTest, EveryEntryIsConsistent) {
  const std::vector<CameoCode>& codes = Codebook().codes();
  for (size_t i = 0; i < codes.size(); ++i) {
    const CameoCode& code = codes[i];
    if (i > 0) {
      EXPECT_LT(codes[i - 1].code, code.code);
    }
    EXPECT_EQ(code.quad_class, QuadClassForCode(code.code)) << code.code;
    EXPECT_GE(code.goldstein, -10.0) << code.code;
    EXPECT_LE(code.goldstein, 10.0) << code.code;
    EXPECT_FALSE(code.name.empty()) << code.code;
    EXPECT_EQ(Codebook().Find(code.code), &code);
  }
}

TEST(QuadClassForCodeTest, StandardMappingFromTheRoot) {
  EXPECT_EQ(QuadClassForCode("01"), v1::QUAD_CLASS_VERBAL_COOPERATION);
  EXPECT_EQ(QuadClassForCode("0521"), v1::QUAD_CLASS_VERBAL_COOPERATION);
  EXPECT_EQ(QuadClassForCode("06"), v1::QUAD_CLASS_MATERIAL_COOPERATION);
  EXPECT_EQ(QuadClassForCode("083"), v1::QUAD_CLASS_MATERIAL_COOPERATION);
  EXPECT_EQ(QuadClassForCode("09"), v1::QUAD_CLASS_VERBAL_CONFLICT);
  EXPECT_EQ(QuadClassForCode("138"), v1::QUAD_CLASS_VERBAL_CONFLICT);
  EXPECT_EQ(QuadClassForCode("14"), v1::QUAD_CLASS_MATERIAL_CONFLICT);
  EXPECT_EQ(QuadClassForCode("20"), v1::QUAD_CLASS_MATERIAL_CONFLICT);
}

TEST(QuadClassForCodeTest, UnspecifiedOutsideTheRoots) {
  EXPECT_EQ(QuadClassForCode("00"), v1::QUAD_CLASS_UNSPECIFIED);
  EXPECT_EQ(QuadClassForCode("21"), v1::QUAD_CLASS_UNSPECIFIED);
  EXPECT_EQ(QuadClassForCode("3"), v1::QUAD_CLASS_UNSPECIFIED);
  EXPECT_EQ(QuadClassForCode("a1"), v1::QUAD_CLASS_UNSPECIFIED);
  EXPECT_EQ(QuadClassForCode(""), v1::QUAD_CLASS_UNSPECIFIED);
}

TEST(CameoCodebookFromCsvTest, ReadsColumnsByHeaderName) {
  absl::StatusOr<CameoCodebook> codebook =
      CameoCodebook::FromCsv("goldstein,code,name\n4,03,Intend\n4,036,Meet\n");
  ASSERT_TRUE(codebook.ok()) << codebook.status();
  ASSERT_NE(codebook->Find("036"), nullptr);
  EXPECT_EQ(codebook->Find("036")->name, "Meet");
}

TEST(CameoCodebookFromCsvTest, RejectsBadTablesNamingTheLine) {
  auto error = [](absl::string_view rows) {
    return std::string(CameoCodebook::FromCsv(absl::StrCat(kHeader, rows)).status().message());
  };
  EXPECT_THAT(std::string(CameoCodebook::FromCsv("code,name\n03,x\n").status().message()),
              HasSubstr("code, name and goldstein"));
  EXPECT_THAT(error("3,Intend,4\n"), HasSubstr("line 2: code \"3\" is not 2 to 4 digits"));
  EXPECT_THAT(error("03a,Intend,4\n"), HasSubstr("not 2 to 4 digits"));
  EXPECT_THAT(error("21,Other,4\n"), HasSubstr("not under a root from 01 to 20"));
  EXPECT_THAT(error("03,Intend,4\n03,Again,4\n"), HasSubstr("line 3: code 03 appears twice"));
  EXPECT_THAT(error("03,Intend,4\n0361,Meet,4\n"), HasSubstr("0361 has no parent code 036"));
  EXPECT_THAT(error("03,,4\n"), HasSubstr("has no name"));
  EXPECT_THAT(error("03,Intend,11\n"), HasSubstr("\"11\" is not a number from -10 to 10"));
  EXPECT_THAT(error("03,Intend,NA\n"), HasSubstr("\"NA\" is not a number"));
  EXPECT_THAT(error("03,Intend\n"), HasSubstr("too few columns"));
}

}  // namespace
}  // namespace chancery::domain
