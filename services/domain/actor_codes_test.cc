#include "services/domain/actor_codes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace chancery::domain {
namespace {

using ::testing::HasSubstr;

const ActorRegistry& Registry() { return ActorRegistry::Default(); }

TEST(ActorRegistryTest, KnowsCountriesByIsoCode) {
  const ActorCode* khm = Registry().FindActor("KHM");
  ASSERT_NE(khm, nullptr);
  EXPECT_EQ(khm->name, "Cambodia");
  EXPECT_EQ(khm->kind, ActorKind::kCountry);
  EXPECT_EQ(Registry().FindActor("USA")->name, "United States");
  EXPECT_EQ(Registry().FindActor("CHN")->name, "China");
  EXPECT_EQ(Registry().FindActor("GIN")->name, "Guinea");  // No COW code in the file.
  EXPECT_EQ(Registry().FindActor("CUW")->name, "Curaçao");
}

TEST(ActorRegistryTest, CountsEveryKeptEntry) {
  int kinds[3] = {};
  for (const ActorCode& actor : Registry().actors()) {
    EXPECT_TRUE(IsActorCodeShape(actor.code)) << actor.code;
    ++kinds[static_cast<int>(actor.kind)];
  }
  EXPECT_EQ(kinds[static_cast<int>(ActorKind::kCountry)], 216);
  EXPECT_EQ(kinds[static_cast<int>(ActorKind::kRegion)], 28);  // 25 of CAMEO's, 3 of GDELT's.
  EXPECT_EQ(kinds[static_cast<int>(ActorKind::kOrganisation)], 30);
  EXPECT_EQ(Registry().roles().size(), 33u);
}

TEST(ActorRegistryTest, SkipsCountryRegionCodes) {
  EXPECT_EQ(Registry().FindActor("USAASM"), nullptr);
  EXPECT_EQ(Registry().FindActor("PSEGZA"), nullptr);
  EXPECT_EQ(Registry().FindActor("---"), nullptr);
  EXPECT_EQ(Registry().CountryCodeForName("American Samoa"), "");
  EXPECT_EQ(Registry().CountryCodeForName("NULL"), "");
}

TEST(ActorRegistryTest, LookupsAreExactAndCaseSensitive) {
  EXPECT_EQ(Registry().FindActor("khm"), nullptr);
  EXPECT_EQ(Registry().FindActor("KHM "), nullptr);
  EXPECT_EQ(Registry().FindActor(""), nullptr);
  EXPECT_EQ(Registry().FindRole("gov"), nullptr);
}

TEST(ActorRegistryTest, CountryWithSeveralNamesShowsThePreferredOne) {
  EXPECT_EQ(Registry().FindActor("MDG")->name, "Madagascar");  // Not "Madagaskar".
  EXPECT_EQ(Registry().FindActor("SRB")->name, "Serbia");
  EXPECT_EQ(Registry().FindActor("FRA")->name, "France");  // Not "Mayotte".
  EXPECT_EQ(Registry().FindActor("GBR")->name, "United Kingdom");
  EXPECT_EQ(Registry().FindActor("CIV")->name, "Cote d'Ivoire");  // Listed twice alike.
}

TEST(ActorRegistryTest, CountryCodeForNameUsesTheFileSpellings) {
  EXPECT_EQ(Registry().CountryCodeForName("Cambodia"), "KHM");
  EXPECT_EQ(Registry().CountryCodeForName("United States"), "USA");
  EXPECT_EQ(Registry().CountryCodeForName("Russian Federation"), "RUS");
  EXPECT_EQ(Registry().CountryCodeForName("Russia"), "RUS");
  EXPECT_EQ(Registry().CountryCodeForName("Madagaskar"), "MDG");
  EXPECT_EQ(Registry().CountryCodeForName("Timor-Leste"), "TMP");
  EXPECT_EQ(Registry().CountryCodeForName("Mayotte"), "FRA");
  EXPECT_EQ(Registry().CountryCodeForName("Curaçao"), "CUW");
}

TEST(ActorRegistryTest, CountryCodeForCowMapsCorrelatesOfWarStateCodes) {
  EXPECT_EQ(Registry().CountryCodeForCow(2), "USA");
  EXPECT_EQ(Registry().CountryCodeForCow(811), "KHM");
  EXPECT_EQ(Registry().CountryCodeForCow(731), "PRK");
  EXPECT_EQ(Registry().CountryCodeForCow(710), "CHN");
  EXPECT_EQ(Registry().CountryCodeForCow(365), "RUS");
  EXPECT_EQ(Registry().CountryCodeForCow(438), "GIN");  // From added_cow_codes.tsv.
  EXPECT_EQ(Registry().CountryCodeForCow(260), "");  // The German Federal Republic, 1955-1990.
  EXPECT_EQ(Registry().CountryCodeForCow(0), "");    // Territories without a COW code.
}

TEST(ActorRegistryTest, CountryCodeForNameIsExact) {
  EXPECT_EQ(Registry().CountryCodeForName("cambodia"), "");
  EXPECT_EQ(Registry().CountryCodeForName("Cambodia "), "");
  EXPECT_EQ(Registry().CountryCodeForName("KHM"), "");
  EXPECT_EQ(Registry().CountryCodeForName("NA"), "");  // ICEWS's missing country.
  EXPECT_EQ(Registry().CountryCodeForName(""), "");
}

TEST(ActorRegistryTest, KnowsTheOrganisationsUsersExpect) {
  const struct {
    const char* alias;
    const char* code;
    const char* name;
  } kExpected[] = {
      {"EU", "EEC", "European Union"},
      {"UN", "UNO", "United Nations"},
      {"NATO", "NAT", "North Atlantic Treaty Organization"},
      {"ASEAN", "ASN", "Association of Southeast Asian Nations"},
      {"AU", "OAU", "African Union"},
      {"WB", "WBK", "World Bank"},
      {"OPEC", "OPC", "Organization of the Petroleum Exporting Countries"},
      {"OSCE", "SCE", "Organization for Security and Co-operation in Europe"},
      {"LAS", "ARL", "Arab League"},
  };
  for (const auto& expected : kExpected) {
    const ActorCode* actor = Registry().FindActor(expected.code);
    ASSERT_NE(actor, nullptr) << expected.code;
    EXPECT_EQ(actor->name, expected.name);
    EXPECT_EQ(actor->kind, ActorKind::kOrganisation);
    EXPECT_EQ(Registry().FindByAlias(expected.alias), actor) << expected.alias;
  }
  for (const char* code : {"WTO", "IMF", "GCC"}) {
    ASSERT_NE(Registry().FindActor(code), nullptr) << code;
    EXPECT_EQ(Registry().FindActor(code)->kind, ActorKind::kOrganisation);
  }
}

TEST(ActorRegistryTest, KnowsCameoRegions) {
  for (const char* code :
       {"AFR", "ASA", "EUR", "MEA", "NMR", "SAM", "WST", "SEA", "LAM", "WSB", "GZS", "BAG"}) {
    const ActorCode* region = Registry().FindActor(code);
    ASSERT_NE(region, nullptr) << code;
    EXPECT_EQ(region->kind, ActorKind::kRegion) << code;
  }
  EXPECT_EQ(Registry().FindActor("NMR")->name, "North America");
  EXPECT_EQ(ActorKindName(ActorKind::kRegion), "region");
}

TEST(ActorRegistryTest, AliasesAreCaseInsensitiveButNotCodes) {
  EXPECT_EQ(Registry().FindByAlias("nato")->code, "NAT");
  EXPECT_EQ(Registry().FindByAlias("G7")->code, "GOS");
  EXPECT_EQ(Registry().FindByAlias("EEC"), nullptr);
  EXPECT_EQ(Registry().FindByAlias("XYZ"), nullptr);
  EXPECT_EQ(Registry().FindActor("EU"), nullptr);
  EXPECT_EQ(Registry().FindActor("NATO"), nullptr);
}

TEST(ActorRegistryTest, KnowsCameoRoles) {
  for (const char* code : {"GOV", "MIL", "OPP", "REB", "BUS", "MED", "LEG", "IGO", "NGO"}) {
    EXPECT_NE(Registry().FindRole(code), nullptr) << code;
  }
  EXPECT_THAT(Registry().FindRole("GOV")->description, HasSubstr("Government"));
  EXPECT_EQ(Registry().FindRole("XYZ"), nullptr);
  EXPECT_EQ(Registry().FindRole(""), nullptr);
}

TEST(IsActorCodeShapeTest, ThreeUpperCaseLetters) {
  EXPECT_TRUE(IsActorCodeShape("KHM"));
  EXPECT_FALSE(IsActorCodeShape("KH"));
  EXPECT_FALSE(IsActorCodeShape("KHMR"));
  EXPECT_FALSE(IsActorCodeShape("khm"));
  EXPECT_FALSE(IsActorCodeShape("K1M"));
  EXPECT_FALSE(IsActorCodeShape(""));
}

class FromTablesTest : public ::testing::Test {
 protected:
  std::string Error() { return std::string(ActorRegistry::FromTables(tables_).status().message()); }

  ActorRegistry::Tables tables_{
      "Cambodia\tKHM\t811\nUnited States\tUSA\t002\nRussia\tRUS\t365\n",
      "",
      "",
      "AFR\tAfrica\n",
      "EEC\tEuropean Union\tEU\tIGOEEC\n",
      "GOV\tGovernment\n",
  };
};

TEST_F(FromTablesTest, AddedCowCodesMustNameAListedCountryAndANewCode) {
  tables_.added_cow_codes = "438\tGIN\n";
  EXPECT_EQ(Error(), "added COW codes line 1: GIN is not a listed country");
  tables_.added_cow_codes = "811\tKHM\n";
  EXPECT_EQ(Error(), "added COW codes line 1: COW code 811 is listed already");
}

TEST_F(FromTablesTest, BuildsFromSmallTables) {
  absl::StatusOr<ActorRegistry> registry = ActorRegistry::FromTables(tables_);
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->actors().size(), 5u);
  EXPECT_EQ(registry->actors().front().code, "AFR");  // Sorted by code.
  EXPECT_EQ(registry->FindActor("AFR")->kind, ActorKind::kRegion);
  EXPECT_EQ(registry->CountryCodeForName("Russia"), "RUS");
}

TEST_F(FromTablesTest, RejectsANameListedUnderTwoCodes) {
  tables_.country_names = "Congo\tCOG\t484\nCongo\tCOD\t490\n";
  EXPECT_THAT(Error(), HasSubstr("country names line 2: \"Congo\" is listed as COG and COD"));
}

TEST_F(FromTablesTest, RequiresAPreferredNameForCodesWithSeveralNames) {
  tables_.country_names = "Russia\tRUS\t365\nRussian Federation\tRUS\t365\n";
  EXPECT_THAT(Error(), HasSubstr("RUS has several names"));
  tables_.preferred_country_names = "RUS\tMuscovy\n";
  EXPECT_THAT(Error(), HasSubstr("\"Muscovy\" is not one of the names of RUS"));
  tables_.preferred_country_names = "RUS\tRussia\n";
  absl::StatusOr<ActorRegistry> registry = ActorRegistry::FromTables(tables_);
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_EQ(registry->FindActor("RUS")->name, "Russia");
}

TEST_F(FromTablesTest, RejectsAPreferredNameForACodeWithOneName) {
  tables_.preferred_country_names = "KHM\tCambodia\n";
  EXPECT_THAT(Error(), HasSubstr("KHM is not a country code with several names"));
}

TEST_F(FromTablesTest, RejectsOrganisationCodeThatIsACountryCode) {
  tables_.organisation_codes = "KHM\tKhmer Union\t\tchancery\n";
  EXPECT_THAT(Error(), HasSubstr("organisation codes line 1: KHM is already a country"));
}

TEST_F(FromTablesTest, RejectsRegionCodeThatIsACountryCodeOrMalformed) {
  tables_.region_codes = "KHM\tKhmer lands\n";
  EXPECT_THAT(Error(), HasSubstr("region codes line 1: KHM is already a country"));
  tables_.region_codes = "AF\tAfrica\n";
  EXPECT_THAT(Error(), HasSubstr("region codes line 1: \"AF\" is not three upper-case letters"));
  tables_.region_codes = "AFR\n";
  EXPECT_THAT(Error(), HasSubstr("region codes line 1: too few columns"));
  tables_.region_codes = "AFR\tAfrica\n";
  tables_.organisation_codes = "AFR\tAfrican Forum\t\tchancery\n";
  EXPECT_THAT(Error(), HasSubstr("organisation codes line 1: AFR is already a country, region"));
}

TEST_F(FromTablesTest, RejectsAnAliasThatIsACode) {
  tables_.organisation_codes = "EEC\tEuropean Union\tUSA\tIGOEEC\n";
  EXPECT_THAT(Error(), HasSubstr("alias USA is also an actor code"));
}

TEST_F(FromTablesTest, RejectsMalformedLines) {
  tables_.organisation_codes = "EE\tEuropean Union\tEU\tIGOEEC\n";
  EXPECT_THAT(Error(), HasSubstr("\"EE\" is not three upper-case letters"));
  tables_.organisation_codes = "EEC\tEuropean Union\n";
  EXPECT_THAT(Error(), HasSubstr("organisation codes line 1: too few columns"));
  tables_.organisation_codes = "";
  tables_.role_codes = "GOV\tGovernment\nGOV\tAgain\n";
  EXPECT_THAT(Error(), HasSubstr("role codes line 2: GOV is listed twice"));
  tables_.role_codes = "gov\tGovernment\n";
  EXPECT_THAT(Error(), HasSubstr("\"gov\" is not three upper-case letters"));
}

}  // namespace
}  // namespace chancery::domain
