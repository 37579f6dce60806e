// ReadFile: a whole file as a string, for tests that check what was written.

#ifndef CHANCERY_SERVICES_CHANCERYD_TESTING_READ_FILE_H_
#define CHANCERY_SERVICES_CHANCERYD_TESTING_READ_FILE_H_

#include <string>

namespace chancery::testing {

// ReadFile returns a file's contents ("" if it cannot be read).
std::string ReadFile(const std::string& path);

}  // namespace chancery::testing

#endif  // CHANCERY_SERVICES_CHANCERYD_TESTING_READ_FILE_H_
