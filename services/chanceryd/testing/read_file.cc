#include "services/chanceryd/testing/read_file.h"

#include <fstream>
#include <sstream>

namespace chancery::testing {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace chancery::testing
