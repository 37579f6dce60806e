// The chancery command line: each command's flags, parsed by hand.
//
// A command declares its flags and how many positional arguments it takes;
// ParseCommandLine checks the arguments against that declaration and the
// global flags every command accepts (--server, --json, --help). Flags are
// `--name=value` or `--name value`; a boolean flag is `--name`.
//
// Example:
//   CommandSpec spec{"retract", "EVENT_ID --reason TEXT", "records a retraction",
//                    {{"reason", true, "why the event is withdrawn (required)"}}, 1, 1};
//   absl::StatusOr<ParsedArgs> args = ParseCommandLine(spec, {"3f0...", "--reason=typo"});
//   args->Value("reason");  // "typo"

#ifndef CHANCERY_CLIENTS_CPP_COMMAND_LINE_H_
#define CHANCERY_CLIENTS_CPP_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace chancery::cli {

struct FlagSpec {
  std::string name;  // Without the leading "--".
  bool takes_value = true;
  std::string help;  // One line; for a flag with a value, starts with its placeholder.
  bool repeatable = false;  // May be given more than once (ParsedArgs::Values).
};

struct CommandSpec {
  std::string name;       // "audit verify".
  std::string arguments;  // Positional arguments and flags as the usage line shows them.
  std::string summary;    // What the command does, one line.
  std::vector<FlagSpec> flags;
  int min_positionals = 0;
  int max_positionals = 0;
};

// The global flags, accepted by every command and before the command name.
const std::vector<FlagSpec>& GlobalFlags();

class ParsedArgs {
 public:
  bool Has(absl::string_view flag) const { return values_.contains(flag); }
  // The flag's value (a repeatable flag's last), or `fallback` when it was not given.
  std::string Value(absl::string_view flag, absl::string_view fallback = "") const;
  // Every value of a repeatable flag, in order; empty when it was not given.
  std::vector<std::string> Values(absl::string_view flag) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend absl::StatusOr<ParsedArgs> ParseCommandLine(const CommandSpec&,
                                                     const std::vector<std::string>&);
  // Boolean flags map to {""}.
  absl::flat_hash_map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positionals_;
};

// ParseCommandLine reads `args` (what follows the command name) against
// `spec` and the global flags. "--help" anywhere is recorded as flag "help"
// and skips the positional count check. Errors: INVALID_ARGUMENT with a
// one-line reason (an unknown flag, a missing value, a flag given twice, too
// few or too many arguments).
absl::StatusOr<ParsedArgs> ParseCommandLine(const CommandSpec& spec,
                                            const std::vector<std::string>& args);

// HelpText is the --help text of `spec`.
std::string HelpText(const CommandSpec& spec);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_COMMAND_LINE_H_
