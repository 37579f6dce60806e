#include "clients/cpp/plover_codes.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace chancery::cli {
namespace {

// Names of the PLOVER 0.5 gold-standard records (2016) that the 2021 table
// calls otherwise: the event it became, the mode it implies when the record
// gives none, and a context it implies.
struct OldEvent {
  absl::string_view event, mode, context;
};
const std::map<absl::string_view, OldEvent>& OldEvents() {
  static const auto* const kOld = new std::map<absl::string_view, OldEvent>{
      {"DEMAND", {"REQUEST", "", ""}},
      {"DISAPPROVE", {"ACCUSE", "disapprove", ""}},
      {"INVESTIGATE", {"ACCUSE", "investigate", ""}},
      {"FIGHT", {"ASSAULT", "", "military"}},  // Conventional military force.
  };
  return *kOld;
}

// Old modes and the 2021 mode that means the same.
const std::map<absl::string_view, absl::string_view>& OldModes() {
  static const auto* const kOld = new std::map<absl::string_view, absl::string_view>{
      {"strike-hun", "hunger"}, {"strike-gen", "boycott"}, {"riot-spon", "riot"},
      {"demo-org", "demo"},     {"demo-spon", "demo"},     {"host", "visit"},
      {"confiscate", "seize"},  {"destroy", "seize"},      {"detain", "arrest"},
      {"censor", "restrict"},
  };
  return *kOld;
}

std::vector<std::string> SplitContexts(absl::string_view text, char separator) {
  std::vector<std::string> contexts;
  for (absl::string_view context : absl::StrSplit(text, separator, absl::SkipWhitespace())) {
    contexts.emplace_back(absl::StripAsciiWhitespace(context));
  }
  return contexts;
}

}  // namespace

const PloverCodes& PloverCodes::Default() {
  static const PloverCodes* const kDefault = [] {
    absl::StatusOr<PloverCodes> codes =
        FromTable(Cameo2PloverTable(), domain::CameoCodebook::Default());
    if (!codes.ok()) {
      std::fprintf(stderr, "the embedded CAMEO2PLOVER table is bad: %s\n",
                   std::string(codes.status().message()).c_str());
      std::abort();
    }
    return new PloverCodes(*std::move(codes));
  }();
  return *kDefault;
}

absl::StatusOr<PloverCodes> PloverCodes::FromTable(absl::string_view table,
                                                   const domain::CameoCodebook& codebook) {
  PloverCodes codes;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(table, '\n')) {
    ++number;
    line = line.substr(0, line.find('#'));
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '~') continue;  // "~~~~~" ends the table.
    const std::vector<absl::string_view> code_rest = absl::StrSplit(line, absl::MaxSplits(':', 1));
    const std::vector<absl::string_view> fields = absl::StrSplit(
        code_rest.size() == 2 ? code_rest[1] : "", absl::MaxSplits(',', 2));
    if (code_rest.size() != 2 || fields.size() == 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", number, ": not \"CODE: EVENT, MODE, CONTEXT\": ", line));
    }
    const absl::string_view code = absl::StripAsciiWhitespace(code_rest[0]);
    // A root's heading (roots come from the entries), or a code Chancery does not know.
    if (fields.size() == 1 || codebook.Find(code) == nullptr) continue;
    codes.entries_.push_back({std::string(code),
                              std::string(absl::StripAsciiWhitespace(fields[0])),
                              std::string(absl::StripAsciiWhitespace(fields[1])),
                              SplitContexts(fields[2], ';')});
  }
  // An event's root is the two-digit code its entries fall under most; the first on a tie.
  std::map<std::string, std::vector<std::pair<std::string, int>>> counts;
  for (const Entry& entry : codes.entries_) {
    auto& roots = counts[entry.event];
    const std::string root = entry.code.substr(0, 2);
    auto it = std::find_if(roots.begin(), roots.end(), [&](auto& r) { return r.first == root; });
    if (it == roots.end()) roots.push_back({root, 1});
    else ++it->second;
  }
  for (const auto& [event, roots] : counts) {
    codes.roots_[event] =
        std::max_element(roots.begin(), roots.end(),
                         [](auto& a, auto& b) { return a.second < b.second; })
            ->first;
  }
  return codes;
}

absl::StatusOr<std::string> PloverCodes::CameoCode(absl::string_view event,
                                                   absl::string_view mode,
                                                   absl::string_view contexts) const {
  std::vector<std::string> wanted = SplitContexts(contexts, ',');
  if (auto old = OldEvents().find(event); old != OldEvents().end()) {
    if (!old->second.context.empty()) wanted.emplace_back(old->second.context);
    if (mode.empty()) mode = old->second.mode;
    event = old->second.event;
  }
  if (auto old = OldModes().find(mode); old != OldModes().end()) mode = old->second;
  const auto root = roots_.find(event);
  if (root == roots_.end()) {
    return absl::NotFoundError(absl::StrCat("event \"", event, "\" is not a PLOVER event"));
  }
  auto context_matches = [&](const Entry& entry) {
    for (const std::string& context : entry.contexts) {
      if (std::find(wanted.begin(), wanted.end(), context) != wanted.end()) return true;
    }
    return false;
  };
  auto mode_matches = [&](const Entry& entry) { return !mode.empty() && entry.mode == mode; };
  const std::function<bool(const Entry&)> levels[] = {
      [&](const Entry& e) { return mode_matches(e) && context_matches(e); },
      [&](const Entry& e) { return mode_matches(e); },
      [&](const Entry& e) { return context_matches(e); },
  };
  for (const auto& matches : levels) {
    // Among entries that match as well, the most general: no mode or
    // context beyond what matched (ASSAULT + military is 190, not 175).
    for (const bool general : {true, false}) {
      for (const Entry& entry : entries_) {
        if (entry.event != event || !matches(entry)) continue;
        if (general && ((!mode_matches(entry) && !entry.mode.empty()) ||
                        (!context_matches(entry) && !entry.contexts.empty()))) {
          continue;
        }
        return entry.code;
      }
    }
  }
  return root->second;
}

std::vector<std::string> PloverCodes::Codes() const {
  std::vector<std::string> codes;
  for (const Entry& entry : entries_) codes.push_back(entry.code);
  for (const auto& [event, root] : roots_) codes.push_back(root);
  return codes;
}

}  // namespace chancery::cli
