// LineReader: the lines of an ImportInput with their numbers.

#ifndef CHANCERY_CLIENTS_CPP_LINE_READER_H_
#define CHANCERY_CLIENTS_CPP_LINE_READER_H_

#include <cstdint>
#include <string>

#include "clients/cpp/import_input.h"

namespace chancery::cli {

class LineReader {
 public:
  explicit LineReader(ImportInput& input) : input_(input) {}

  // Next sets `line` to the next line, without its "\n" or "\r\n" (nor,
  // for the first, a UTF-8 byte-order mark), and returns false at the end. A last line cut short by damage is not
  // returned: it is part of the damage (ImportInput::damage()).
  bool Next(std::string& line);
  // number is the number of the last line returned (1-based).
  int64_t number() const { return number_; }

 private:
  bool Fill();  // Reads more into buffer_; false at the end.

  ImportInput& input_;
  std::string buffer_;
  size_t start_ = 0;  // Where buffer_'s unread part starts.
  int64_t number_ = 0;
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_LINE_READER_H_
