#include "eventstore/testing/private_postgres.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace chancery::testing {

absl::StatusOr<std::unique_ptr<PrivatePostgres>> PrivatePostgres::Launch(
    const std::filesystem::path& parent) {
  std::unique_ptr<PrivatePostgres> server(new PrivatePostgres(parent));
  if (absl::Status started = server->Start(); !started.ok()) return started;
  return server;
}

PrivatePostgres::~PrivatePostgres() { (void)Run("destroy"); }

std::string PrivatePostgres::uri() const {
  std::ifstream file(dir_.File("server/uri"));
  std::string uri;
  std::getline(file, uri);
  return std::string(absl::StripAsciiWhitespace(uri));
}

absl::Status PrivatePostgres::Run(const char* command) const {
  const std::string line = absl::StrCat(CHANCERY_SOURCE_DIR "/scripts/postgres-private ", command,
                                        " ", dir_.File("server"), " >/dev/null");
  if (std::system(line.c_str()) != 0) return absl::InternalError(absl::StrCat("failed: ", line));
  return absl::OkStatus();
}

}  // namespace chancery::testing
