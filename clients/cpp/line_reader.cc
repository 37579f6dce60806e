#include "clients/cpp/line_reader.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace chancery::cli {

bool LineReader::Fill() {
  constexpr size_t kChunk = 1 << 16;
  buffer_.erase(0, start_);
  start_ = 0;
  const size_t size = buffer_.size();
  buffer_.resize(size + kChunk);
  const size_t got = input_.Read(buffer_.data() + size, kChunk);
  buffer_.resize(size + got);
  return got > 0;
}

bool LineReader::Next(std::string& line) {
  size_t end;
  size_t searched = start_;
  while ((end = buffer_.find('\n', searched)) == std::string::npos) {
    searched = buffer_.size() - start_;
    if (!Fill()) {
      if (start_ == buffer_.size() || !input_.damage().ok()) return false;
      end = buffer_.size();  // The last line has no line break.
      break;
    }
  }
  line.assign(buffer_, start_, end - start_);
  start_ = std::min(end + 1, buffer_.size());
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // A UTF-8 byte-order mark (spreadsheet exports write one) is not part of the first line.
  if (number_ == 0 && absl::StartsWith(line, "\xEF\xBB\xBF")) line.erase(0, 3);
  ++number_;
  return true;
}

}  // namespace chancery::cli
