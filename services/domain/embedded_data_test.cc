#include "services/domain/embedded_data.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace chancery::domain::embedded {
namespace {

// CHANCERY_DOMAIN_DATA_DIR is services/domain/data, set by CMakeLists.txt.
std::string ReadDataFile(const std::string& name) {
  std::ifstream file(std::string(CHANCERY_DOMAIN_DATA_DIR) + "/" + name, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

TEST(EmbeddedDataTest, EveryFileIsEmbeddedByteForByte) {
  EXPECT_EQ(CameoCodesCsv(), ReadDataFile("icews_cameo-codes.utf8.csv"));
  EXPECT_EQ(CountryNamesTxt(), ReadDataFile("text_to_CAMEO_countrynames.txt"));
  EXPECT_EQ(PreferredCountryNamesTsv(), ReadDataFile("preferred_country_names.tsv"));
  EXPECT_EQ(OrganisationCodesTsv(), ReadDataFile("organisation_codes.tsv"));
  EXPECT_EQ(RegionCodesTsv(), ReadDataFile("region_codes.tsv"));
  EXPECT_EQ(RoleCodesTsv(), ReadDataFile("DERIVED_cameo_role_codes_from_manual_ch3.tsv"));
  EXPECT_EQ(CameoCodesCsv().size(), 155112u);
}

}  // namespace
}  // namespace chancery::domain::embedded
