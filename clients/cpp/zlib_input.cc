// Plain and gzip-compressed input through zlib's gzip reader, which reads
// data without the gzip magic as it is.

#include <zlib.h>

#include <algorithm>
#include <climits>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "clients/cpp/import_input.h"

namespace chancery::cli {
namespace {

class ZlibInput : public ImportInput {
 public:
  explicit ZlibInput(gzFile file) : file_(file) {
    if (file_ != nullptr) gzbuffer(file_, 1 << 17);
  }
  ~ZlibInput() override {
    if (file_ != nullptr) gzclose(file_);
  }

  size_t Read(char* buffer, size_t size) override {
    if (file_ == nullptr || !damage_.ok()) return 0;
    const int got = gzread(file_, buffer, static_cast<unsigned>(std::min<size_t>(size, INT_MAX)));
    if (got > 0) return got;
    // A truncated stream reads to its end and then reports Z_BUF_ERROR; check either way.
    int code = Z_OK;
    absl::string_view message = gzerror(file_, &code);
    if (code != Z_OK) {
      // zlib names a descriptor's stream "<fd:3>: ..."; the note names the file already.
      if (const size_t end = message.find(">: ");
          absl::StartsWith(message, "<fd:") && end != absl::string_view::npos) {
        message.remove_prefix(end + 3);
      }
      damage_ = absl::DataLossError(
          absl::StrCat(gzdirect(file_) ? "cannot read the file: "
                                       : "the gzip stream is truncated/corrupt: ",
                       message));
    }
    return 0;
  }
  absl::Status damage() const override {
    return file_ != nullptr ? damage_ : absl::DataLossError("cannot open the gzip reader");
  }
  uint64_t consumed() const override {
    return file_ != nullptr ? static_cast<uint64_t>(std::max<z_off_t>(0, gzoffset(file_))) : 0;
  }

 private:
  gzFile file_;
  absl::Status damage_;
};

}  // namespace

std::unique_ptr<ImportInput> OpenZlibInput(int fd) {
  return std::make_unique<ZlibInput>(fd >= 0 ? gzdopen(fd, "rb") : nullptr);
}

}  // namespace chancery::cli
