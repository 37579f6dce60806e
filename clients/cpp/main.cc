// chancery: the command-line client of chanceryd.
//
// Usage: chancery [--server=HOST:PORT] [--json] COMMAND [ARGS...]; see
// `chancery --help` and `chancery COMMAND --help`.

#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "clients/cpp/command_line.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

std::string Usage() {
  std::string text =
      "usage: chancery [--server=HOST:PORT] [--json] COMMAND [ARGS...]\n\n"
      "The command-line client of chanceryd, Chancery's diplomatic event log.\n\ncommands:\n";
  for (const Command& command : AllCommands()) {
    const std::string& summary = command.spec.summary;
    absl::StrAppendFormat(&text, "  %-15s %s\n", command.spec.name,
                          summary.substr(0, summary.find('\n')));
  }
  absl::StrAppend(&text,
                  "\nglobal flags:\n"
                  "  --server=HOST:PORT  chanceryd's address (default $CHANCERY_SERVER, else\n"
                  "                      127.0.0.1:50051), or replicas' IP:PORT,IP:PORT,...:\n"
                  "                      calls go round them, and one that finds a replica\n"
                  "                      unavailable is tried on another\n"
                  "  --json              one JSON object per line (protobuf JSON mapping)\n"
                  "  --token=TOKEN       bearer token for a server with --tokens (default\n"
                  "                      $CHANCERY_TOKEN)\n"
                  "  --tls-ca=PEM        connect with TLS, trusting the server certificate this CA\n"
                  "                      signed (default $CHANCERY_TLS_CA)\n"
                  "  --tls-cert=PEM --tls-key=PEM\n"
                  "                      client certificate and key for mutual TLS (default\n"
                  "                      $CHANCERY_TLS_CERT, $CHANCERY_TLS_KEY)\n"
                  "  --tls-server-name=NAME\n"
                  "                      the name the server certificates must carry, when not\n"
                  "                      the --server host (a list's first); default\n"
                  "                      $CHANCERY_TLS_SERVER_NAME\n\n"
                  "Run chancery COMMAND --help for a command's arguments. Exit codes: 0 success,\n"
                  "1 the operation failed or a check found a problem, 2 usage error, 3 server\n"
                  "unreachable.\n");
  return text;
}

// FindGlobalFlag returns the global flag `arg` gives ("--json", "--server",
// "--server=HOST:PORT"), or null; "=VALUE" goes only with a flag that takes one.
const FlagSpec* FindGlobalFlag(absl::string_view arg) {
  if (!absl::ConsumePrefix(&arg, "--")) return nullptr;
  const size_t equals = arg.find('=');
  const absl::string_view name = arg.substr(0, equals);
  for (const FlagSpec& flag : GlobalFlags()) {
    if (flag.name == name && (equals == absl::string_view::npos || flag.takes_value)) return &flag;
  }
  return nullptr;
}

// Subcommands lists the commands named "`family` SUB" ("audit verify"):
// "verify, replay, ... or prove"; empty when `family` has none.
std::string Subcommands(const std::string& family) {
  std::vector<std::string> names;
  for (const Command& command : AllCommands()) {
    absl::string_view name = command.spec.name;
    if (absl::ConsumePrefix(&name, family + " ")) names.emplace_back(name);
  }
  if (names.size() < 2) return names.empty() ? "" : names[0];
  const std::string last = names.back();
  names.pop_back();
  return absl::StrCat(absl::StrJoin(names, ", "), " or ", last);
}

int Main(std::vector<std::string> args) {
  // Global flags may come before the command; they are handed on to it.
  std::vector<std::string> global;
  size_t next = 0;
  for (; next < args.size() && absl::StartsWith(args[next], "--"); ++next) {
    if (args[next] == "--help") {
      std::cout << Usage();
      return kExitOk;
    }
    const FlagSpec* flag = FindGlobalFlag(args[next]);
    if (flag == nullptr) {
      return ReportUsageError(absl::InvalidArgumentError(
          absl::StrCat("unknown flag ", args[next], " (see chancery --help)")));
    }
    global.push_back(args[next]);
    // "--server HOST:PORT": the value is the next argument.
    const bool value_follows = flag->takes_value && !absl::StrContains(args[next], '=');
    if (value_follows && next + 1 < args.size()) global.push_back(args[++next]);
  }
  if (next == args.size()) {
    std::cerr << Usage();
    return kExitUsage;
  }
  std::string name = args[next++];
  const std::string subcommands = Subcommands(name);
  const bool subcommand_given = next < args.size() && !absl::StartsWith(args[next], "--");
  if (!subcommands.empty() && subcommand_given) name = absl::StrCat(name, " ", args[next++]);
  const Command* command = nullptr;
  for (const Command& candidate : AllCommands()) {
    if (candidate.spec.name == name) command = &candidate;
  }
  if (!subcommands.empty() && !subcommand_given) {
    return ReportUsageError(absl::InvalidArgumentError(absl::StrCat(
        "chancery ", name, " needs a command: ", subcommands, " (see chancery --help)")));
  }
  if (command == nullptr) {
    return ReportUsageError(absl::InvalidArgumentError(absl::StrCat(
        "unknown command \"", name, "\"; the commands are listed by chancery --help")));
  }
  global.insert(global.end(), args.begin() + next, args.end());
  absl::StatusOr<ParsedArgs> parsed = ParseCommandLine(command->spec, global);
  if (!parsed.ok()) return ReportUsageError(parsed.status());
  if (parsed->Has("help")) {
    std::cout << HelpText(command->spec);
    return kExitOk;
  }
  absl::StatusOr<Context> context = MakeContext(*parsed);
  if (!context.ok()) return ReportUsageError(context.status());
  return command->run(*context, *parsed);
}

}  // namespace
}  // namespace chancery::cli

int main(int argc, char** argv) {
  return chancery::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
}
