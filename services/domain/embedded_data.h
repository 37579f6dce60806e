// The data files of services/domain/data/, compiled into the library.
//
// Each function returns the whole file, byte for byte, from static storage
// that lives as long as the program. The parsed forms (CameoCodebook,
// ActorRegistry) are what callers want; these exist for them and for tests.
// See data/PROVENANCE.md for where each file comes from.

#ifndef CHANCERY_SERVICES_DOMAIN_EMBEDDED_DATA_H_
#define CHANCERY_SERVICES_DOMAIN_EMBEDDED_DATA_H_

#include "absl/strings/string_view.h"

namespace chancery::domain::embedded {

// CameoCodesCsv is icews_cameo-codes.utf8.csv: the CAMEO event codes with
// their names and ICEWS Goldstein values.
absl::string_view CameoCodesCsv();

// CountryNamesTxt is text_to_CAMEO_countrynames.txt: name, ISO alpha-3 code
// and Correlates of War code of each country, tab-separated.
absl::string_view CountryNamesTxt();

// PreferredCountryNamesTsv is preferred_country_names.tsv: the display name
// of each country code listed under several names.
absl::string_view PreferredCountryNamesTsv();

// AddedCowCodesTsv is added_cow_codes.tsv: Correlates of War codes that
// text_to_CAMEO_countrynames.txt leaves out for a country it lists.
absl::string_view AddedCowCodesTsv();

// OrganisationCodesTsv is organisation_codes.tsv: the organisation actor
// codes (EEC, UNO, NAT, ...).
absl::string_view OrganisationCodesTsv();

// RegionCodesTsv is region_codes.tsv: CAMEO's international region codes
// (AFR, EUR, NMR, ...).
absl::string_view RegionCodesTsv();

// RoleCodesTsv is DERIVED_cameo_role_codes_from_manual_ch3.tsv: the CAMEO
// actor role codes (GOV, MIL, OPP, ...).
absl::string_view RoleCodesTsv();

}  // namespace chancery::domain::embedded

#endif  // CHANCERY_SERVICES_DOMAIN_EMBEDDED_DATA_H_
