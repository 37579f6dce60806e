// Aligned text tables for human output.
//
// Example:
//   Table table({"DYAD", "STATUS", "SCORE"});
//   table.AddRow({"KHM-USA", {"STRAINED", kYellow}, "-12.5"});
//   table.Print(std::cout, /*colour=*/true);
//   // DYAD     STATUS    SCORE
//   // KHM-USA  STRAINED  -12.5

#ifndef CHANCERY_CLIENTS_CPP_TABLE_H_
#define CHANCERY_CLIENTS_CPP_TABLE_H_

#include <ostream>
#include <string>
#include <vector>

namespace chancery::cli {

// ANSI colours (SGR sequences); only written when colour is on.
inline constexpr const char* kBold = "\033[1m";
inline constexpr const char* kRed = "\033[31m";
inline constexpr const char* kGreen = "\033[32m";
inline constexpr const char* kYellow = "\033[33m";
inline constexpr const char* kBlue = "\033[34m";
inline constexpr const char* kMagenta = "\033[35m";
inline constexpr const char* kDim = "\033[2m";
inline constexpr const char* kReset = "\033[0m";

// Paint wraps `text` in `colour` when `enabled` and `colour` is set.
std::string Paint(const std::string& text, const char* colour, bool enabled);

// DisplayWidth is the number of code points of `text` (a terminal column
// each, which is right for the scripts the data holds in practice).
size_t DisplayWidth(const std::string& text);

struct Cell {
  Cell(std::string text) : text(std::move(text)) {}  // NOLINT: cells read as strings.
  Cell(const char* text) : text(text) {}              // NOLINT
  Cell(std::string text, const char* colour) : text(std::move(text)), colour(colour) {}
  std::string text;
  const char* colour = nullptr;
};

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void AddRow(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  // Print writes the header and rows, columns two spaces apart, the last
  // column unpadded.
  void Print(std::ostream& out, bool colour) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<Cell>> rows_;
};

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_TABLE_H_
