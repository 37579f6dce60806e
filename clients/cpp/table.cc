#include "clients/cpp/table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/domain/text.h"

namespace chancery::cli {

std::string Paint(const std::string& text, const char* colour, bool enabled) {
  if (!enabled || colour == nullptr) return text;
  return absl::StrCat(colour, text, kReset);
}

size_t DisplayWidth(const std::string& text) {
  return domain::CodePointCount(text).value_or(text.size());
}

void Table::Print(std::ostream& out, bool colour) const {
  std::vector<size_t> widths;
  for (const std::string& header : headers_) widths.push_back(DisplayWidth(header));
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c].text));
    }
  }
  auto print_line = [&](const std::vector<Cell>& cells) {
    std::string line;
    for (size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
      absl::StrAppend(&line, Paint(cells[c].text, cells[c].colour, colour));
      if (c + 1 < cells.size()) {
        line.append(widths[c] - DisplayWidth(cells[c].text) + 2, ' ');
      }
    }
    out << line << '\n';
  };
  std::vector<Cell> header_cells;
  for (const std::string& header : headers_) header_cells.emplace_back(header, kBold);
  print_line(header_cells);
  for (const auto& row : rows_) print_line(row);
  out.flush();
}

}  // namespace chancery::cli
