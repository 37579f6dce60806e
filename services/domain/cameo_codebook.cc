#include "services/domain/cameo_codebook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/domain/embedded_data.h"
#include "services/domain/tabular_text.h"

namespace chancery::domain {
namespace {

bool AllDigits(absl::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

// ColumnIndex returns the position of `name` in `header`, or -1.
int ColumnIndex(const std::vector<std::string>& header, absl::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

v1::QuadClass QuadClassForCode(absl::string_view code) {
  if (code.size() < 2 || !AllDigits(code.substr(0, 2))) return v1::QUAD_CLASS_UNSPECIFIED;
  const int root = (code[0] - '0') * 10 + (code[1] - '0');
  if (root >= 1 && root <= 5) return v1::QUAD_CLASS_VERBAL_COOPERATION;
  if (root >= 6 && root <= 8) return v1::QUAD_CLASS_MATERIAL_COOPERATION;
  if (root >= 9 && root <= 13) return v1::QUAD_CLASS_VERBAL_CONFLICT;
  if (root >= 14 && root <= 20) return v1::QUAD_CLASS_MATERIAL_CONFLICT;
  return v1::QUAD_CLASS_UNSPECIFIED;
}

const CameoCodebook& CameoCodebook::Default() {
  static const CameoCodebook* const codebook = [] {
    absl::StatusOr<CameoCodebook> parsed = FromCsv(embedded::CameoCodesCsv());
    if (!parsed.ok()) {
      std::fprintf(stderr, "chancery: the embedded CAMEO codebook is invalid: %s\n",
                   parsed.status().ToString().c_str());
      std::abort();
    }
    return new CameoCodebook(std::move(*parsed));
  }();
  return *codebook;
}

absl::StatusOr<CameoCodebook> CameoCodebook::FromCsv(absl::string_view csv) {
  absl::StatusOr<std::vector<TextRecord>> records = ParseCsv(csv);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError("CAMEO table: no header");
  const std::vector<std::string>& header = records->front().fields;
  const int code_column = ColumnIndex(header, "code");
  const int name_column = ColumnIndex(header, "name");
  const int goldstein_column = ColumnIndex(header, "goldstein");
  if (code_column < 0 || name_column < 0 || goldstein_column < 0) {
    return absl::InvalidArgumentError(
        "CAMEO table: the header must name the columns code, name and goldstein");
  }
  const size_t columns_needed =
      static_cast<size_t>(std::max({code_column, name_column, goldstein_column})) + 1;

  CameoCodebook codebook;
  for (size_t r = 1; r < records->size(); ++r) {
    const TextRecord& record = (*records)[r];
    auto error = [&record](absl::string_view what) {
      return absl::InvalidArgumentError(absl::StrCat("CAMEO table line ", record.line, ": ", what));
    };
    if (record.fields.size() < columns_needed) return error("too few columns");
    CameoCode entry;
    entry.code = record.fields[code_column];
    entry.name = record.fields[name_column];
    const std::string& goldstein = record.fields[goldstein_column];
    if (entry.code.size() < 2 || entry.code.size() > 4 || !AllDigits(entry.code)) {
      return error(absl::StrCat("code \"", entry.code, "\" is not 2 to 4 digits"));
    }
    entry.quad_class = QuadClassForCode(entry.code);
    if (entry.quad_class == v1::QUAD_CLASS_UNSPECIFIED) {
      return error(absl::StrCat("code ", entry.code, " is not under a root from 01 to 20"));
    }
    if (entry.name.empty()) return error(absl::StrCat("code ", entry.code, " has no name"));
    if (!absl::SimpleAtod(goldstein, &entry.goldstein) || !std::isfinite(entry.goldstein) ||
        entry.goldstein < -10 || entry.goldstein > 10) {
      return error(absl::StrCat("code ", entry.code, ": Goldstein value \"", goldstein,
                                "\" is not a number from -10 to 10"));
    }
    if (!codebook.index_.emplace(entry.code, codebook.codes_.size()).second) {
      return error(absl::StrCat("code ", entry.code, " appears twice"));
    }
    codebook.codes_.push_back(std::move(entry));
  }

  // Sort, re-index, and check that every code's parent is present.
  std::sort(codebook.codes_.begin(), codebook.codes_.end(),
            [](const CameoCode& a, const CameoCode& b) { return a.code < b.code; });
  codebook.index_.clear();
  for (size_t i = 0; i < codebook.codes_.size(); ++i) {
    codebook.index_.emplace(codebook.codes_[i].code, i);
  }
  for (const CameoCode& entry : codebook.codes_) {
    if (entry.code.size() > 2 &&
        !codebook.index_.contains(absl::string_view(entry.code).substr(0, entry.code.size() - 1))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CAMEO table: code ", entry.code, " has no parent code ",
          absl::string_view(entry.code).substr(0, entry.code.size() - 1)));
    }
  }
  return codebook;
}

const CameoCode* CameoCodebook::Find(absl::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &codes_[it->second];
}

}  // namespace chancery::domain
