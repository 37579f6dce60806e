// TempDir: a fresh directory for one test, removed with everything in it.

#ifndef CHANCERY_EVENTSTORE_TESTING_TEMP_DIR_H_
#define CHANCERY_EVENTSTORE_TESTING_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace chancery::testing {

class TempDir {
 public:
  // TempDir creates the directory inside `parent` (by default the system's
  // temporary directory).
  explicit TempDir(const std::filesystem::path& parent = std::filesystem::temp_directory_path()) {
    std::string pattern = (parent / "chancery-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // File returns the path of `name` inside the directory.
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace chancery::testing

#endif  // CHANCERY_EVENTSTORE_TESTING_TEMP_DIR_H_
