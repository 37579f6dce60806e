// Date: a google.type.Date of any three fields, a calendar date or not, for
// the tests that feed dates to the domain.

#ifndef CHANCERY_SERVICES_DOMAIN_TESTING_DATE_H_
#define CHANCERY_SERVICES_DOMAIN_TESTING_DATE_H_

#include "google/type/date.pb.h"

namespace chancery::testing {

inline google::type::Date Date(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

}  // namespace chancery::testing

#endif  // CHANCERY_SERVICES_DOMAIN_TESTING_DATE_H_
