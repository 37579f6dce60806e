#include "eventstore/testing/own_postgres_server.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"

namespace chancery::testing {

OwnPostgresServer::OwnPostgresServer() { Run("start"); }

OwnPostgresServer::~OwnPostgresServer() { Run("destroy"); }

void OwnPostgresServer::Start() { Run("start"); }

void OwnPostgresServer::Stop() { Run("stop"); }

std::string OwnPostgresServer::uri() const {
  std::ifstream file(dir_.File("server/uri"));
  std::string uri;
  std::getline(file, uri);
  return std::string(absl::StripAsciiWhitespace(uri));
}

void OwnPostgresServer::Run(const char* command) {
  const std::string line = absl::StrCat(CHANCERY_SOURCE_DIR "/scripts/postgres-private ", command,
                                        " ", dir_.File("server"), " >/dev/null");
  ASSERT_EQ(std::system(line.c_str()), 0) << line;
}

}  // namespace chancery::testing
