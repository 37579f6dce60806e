// GDELT event rows made up for tests and the import benchmark.

#ifndef CHANCERY_CLIENTS_CPP_TESTING_GDELT_ROWS_H_
#define CHANCERY_CLIENTS_CPP_TESTING_GDELT_ROWS_H_

#include <string>
#include <vector>

#include "absl/strings/str_join.h"

namespace chancery::testing {

// GdeltRow describes the columns the importer reads; the others are filled
// with plausible values.
struct GdeltRow {
  std::string global_event_id = "1";
  std::string sql_date = "20191126";
  std::string actor1_country = "USA";
  std::string actor1_name = "UNITED STATES";
  std::string actor1_type = "GOV";
  std::string actor2_country = "KHM";
  std::string actor2_name = "CAMBODIA";
  std::string actor2_type = "";
  std::string event_code = "036";
  std::string quad_class = "1";
  std::string goldstein = "4.0";
  std::string source_url = "https://www.example.com/news/1";
};

// GdeltLine writes `row` as a tab-separated line of `columns` fields: 57 or
// 58 (GDELT 1.0, without or with SOURCEURL) or 61 (GDELT 2.0).
inline std::string GdeltLine(const GdeltRow& row, int columns = 58) {
  std::vector<std::string> fields(columns);
  fields[0] = row.global_event_id;
  fields[1] = row.sql_date;
  fields[2] = row.sql_date.substr(0, 6);
  fields[3] = row.sql_date.substr(0, 4);
  fields[4] = row.sql_date.substr(0, 4) + ".9000";
  fields[5] = row.actor1_country + row.actor1_type;
  fields[6] = row.actor1_name;
  fields[7] = row.actor1_country;
  fields[12] = row.actor1_type;
  fields[15] = row.actor2_country + row.actor2_type;
  fields[16] = row.actor2_name;
  fields[17] = row.actor2_country;
  fields[22] = row.actor2_type;
  fields[25] = "1";
  fields[26] = row.event_code;
  fields[27] = row.event_code.substr(0, 3);
  fields[28] = row.event_code.substr(0, 2);
  fields[29] = row.quad_class;
  fields[30] = row.goldstein;
  fields[31] = "4";
  fields[32] = "1";
  fields[33] = "4";
  fields[34] = "-2.5";
  if (columns == 58) {
    fields[56] = row.sql_date;
    fields[57] = row.source_url;
  } else if (columns == 61) {
    fields[59] = row.sql_date + "120000";
    fields[60] = row.source_url;
  } else {
    fields[56] = row.sql_date;
  }
  return absl::StrJoin(fields, "\t");
}

}  // namespace chancery::testing

#endif  // CHANCERY_CLIENTS_CPP_TESTING_GDELT_ROWS_H_
