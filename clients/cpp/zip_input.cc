// Zip archives through libzip: every regular file entry, in entry order,
// read as one stream (a line break is added between entries when one does
// not end with it), as GDELT publishes *.export.CSV.zip with one CSV inside.

#include <zip.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "clients/cpp/import_input.h"

namespace chancery::cli {
namespace {

std::string ZipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

class ZipInput : public ImportInput {
 public:
  explicit ZipInput(const std::string& path) {
    int code = ZIP_ER_OK;
    archive_ = zip_open(path.c_str(), ZIP_RDONLY, &code);
    if (archive_ == nullptr) {
      damage_ = absl::DataLossError(
          absl::StrCat("the zip archive is corrupt: ", ZipErrorText(code)));
      return;
    }
    entries_ = zip_get_num_entries(archive_, 0);
  }
  ~ZipInput() override {
    if (entry_ != nullptr) zip_fclose(entry_);
    if (archive_ != nullptr) zip_discard(archive_);  // Read-only: nothing to write back.
  }

  size_t Read(char* buffer, size_t size) override {
    while (damage_.ok()) {
      if (entry_ == nullptr && !OpenNextEntry()) return 0;
      const zip_int64_t got = zip_fread(entry_, buffer, size);
      if (got < 0) {
        Damaged(zip_file_strerror(entry_));
        return 0;
      }
      if (got > 0) {
        entry_read_ += got;
        ends_with_newline_ = buffer[got - 1] == '\n';
        return got;
      }
      zip_fclose(entry_);
      entry_ = nullptr;
      done_compressed_ += stat_.comp_size;
      if (!ends_with_newline_) {
        ends_with_newline_ = true;
        buffer[0] = '\n';
        return 1;
      }
    }
    return 0;
  }
  absl::Status damage() const override { return damage_; }
  uint64_t consumed() const override {
    if (entry_ == nullptr || stat_.size == 0) return done_compressed_;
    return done_compressed_ + stat_.comp_size * entry_read_ / stat_.size;
  }

 private:
  // Opens the next entry that is a file (a name ending in "/" is a directory).
  bool OpenNextEntry() {
    for (; next_ < entries_; ++next_) {
      if (zip_stat_index(archive_, next_, 0, &stat_) != 0) {
        Damaged(zip_strerror(archive_));
        return false;
      }
      if (absl::EndsWith(stat_.name, "/")) continue;
      entry_ = zip_fopen_index(archive_, next_++, 0);
      if (entry_ == nullptr) {
        Damaged(zip_strerror(archive_));
        return false;
      }
      entry_read_ = 0;
      ends_with_newline_ = true;  // An empty entry adds nothing.
      return true;
    }
    return false;
  }

  void Damaged(absl::string_view why) {
    const std::string entry = stat_.name != nullptr ? stat_.name : absl::StrCat("#", next_);
    damage_ = absl::DataLossError(
        absl::StrCat("the zip archive is corrupt: entry ", entry, ": ", why));
  }

  zip_t* archive_ = nullptr;
  zip_int64_t entries_ = 0;
  zip_int64_t next_ = 0;         // The next entry to open.
  zip_file_t* entry_ = nullptr;  // The entry being read.
  zip_stat_t stat_{};            // Its name and sizes.
  uint64_t entry_read_ = 0;      // Its bytes read.
  uint64_t done_compressed_ = 0;  // Compressed bytes of the entries read to their end.
  bool ends_with_newline_ = true;
  absl::Status damage_;
};

}  // namespace

std::unique_ptr<ImportInput> OpenZipInput(const std::string& path) {
  return std::make_unique<ZipInput>(path);
}

}  // namespace chancery::cli
