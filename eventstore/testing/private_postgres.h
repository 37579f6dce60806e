// PrivatePostgres: a PostgreSQL server of one program's own
// (scripts/postgres-private) in a temporary directory, for the tests that
// stop and start it and for the benchmarks; destroyed with its files.

#ifndef CHANCERY_EVENTSTORE_TESTING_PRIVATE_POSTGRES_H_
#define CHANCERY_EVENTSTORE_TESTING_PRIVATE_POSTGRES_H_

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "eventstore/testing/temp_dir.h"

namespace chancery::testing {

class PrivatePostgres {
 public:
  // Launch starts one in a new directory under `parent`; an error names
  // the command that failed.
  static absl::StatusOr<std::unique_ptr<PrivatePostgres>> Launch(
      const std::filesystem::path& parent = std::filesystem::temp_directory_path());
  // Stops it and removes its files.
  ~PrivatePostgres();
  PrivatePostgres(const PrivatePostgres&) = delete;
  PrivatePostgres& operator=(const PrivatePostgres&) = delete;

  // Stop stops it, keeping its files; Start starts it again.
  absl::Status Stop() { return Run("stop"); }
  absl::Status Start() { return Run("start"); }
  // The libpq URI of its database "chancery".
  std::string uri() const;

 private:
  explicit PrivatePostgres(const std::filesystem::path& parent) : dir_(parent) {}
  absl::Status Run(const char* command) const;

  TempDir dir_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_PRIVATE_POSTGRES_H_
