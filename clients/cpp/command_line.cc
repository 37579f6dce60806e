#include "clients/cpp/command_line.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace chancery::cli {
namespace {

const FlagSpec* FindFlag(const CommandSpec& spec, absl::string_view name) {
  for (const auto* flags : {&spec.flags, &GlobalFlags()}) {
    for (const FlagSpec& flag : *flags) {
      if (flag.name == name) return &flag;
    }
  }
  return nullptr;
}

std::string SeeHelp(const CommandSpec& spec) {
  return absl::StrCat(" (see chancery ", spec.name, " --help)");
}

void AppendFlagLines(const std::vector<FlagSpec>& flags, std::string& text) {
  for (const FlagSpec& flag : flags) {
    // "--as-of DATE  the date ...": the placeholder is the help's first word.
    std::string left = absl::StrCat("  --", flag.name);
    std::string help = flag.help;
    if (flag.takes_value) {
      const size_t space = help.find(' ');
      absl::StrAppend(&left, " ", help.substr(0, space));
      help = space == std::string::npos ? "" : help.substr(space + 1);
    }
    absl::StrAppendFormat(&text, "%-26s %s\n", left, help);
  }
}

}  // namespace

const std::vector<FlagSpec>& GlobalFlags() {
  static const auto* flags = new std::vector<FlagSpec>{
      {"server", true,
       "HOST:PORT chanceryd's address (default $CHANCERY_SERVER, else 127.0.0.1:50051)"},
      {"json", false, "print one JSON object per line (protobuf JSON mapping)"},
      {"token", true, "TOKEN bearer token for a server with --tokens (default $CHANCERY_TOKEN)"},
      {"tls-ca", true,
       "PEM connect with TLS, trusting the server certificate this CA signed (default "
       "$CHANCERY_TLS_CA)"},
      {"tls-cert", true, "PEM client certificate for mutual TLS (default $CHANCERY_TLS_CERT)"},
      {"tls-key", true, "PEM the client certificate's key (default $CHANCERY_TLS_KEY)"},
      {"tls-server-name", true,
       "NAME the name the server certificates must carry, when not the --server host (default "
       "$CHANCERY_TLS_SERVER_NAME)"},
      {"help", false, "print this help and exit"},
  };
  return *flags;
}

std::string ParsedArgs::Value(absl::string_view flag, absl::string_view fallback) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::string(fallback) : it->second.back();
}

std::vector<std::string> ParsedArgs::Values(absl::string_view flag) const {
  auto it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>() : it->second;
}

absl::StatusOr<ParsedArgs> ParseCommandLine(const CommandSpec& spec,
                                            const std::vector<std::string>& args) {
  ParsedArgs parsed;
  bool only_positionals = false;  // After "--".
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_positionals || !absl::StartsWith(arg, "--")) {
      parsed.positionals_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_positionals = true;
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(2, equals == std::string::npos ? equals : equals - 2);
    const FlagSpec* flag = FindFlag(spec, name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown flag --", name, " for chancery ", spec.name, SeeHelp(spec)));
    }
    if (parsed.values_.contains(name) && !flag->repeatable) {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " is given twice"));
    }
    std::string value;
    if (!flag->takes_value) {
      if (equals != std::string::npos) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " takes no value"));
      }
    } else if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value", SeeHelp(spec)));
    }
    parsed.values_[name].push_back(std::move(value));
  }
  if (parsed.Has("help")) return parsed;
  const int count = static_cast<int>(parsed.positionals_.size());
  if (count < spec.min_positionals) {
    return absl::InvalidArgumentError(absl::StrCat("chancery ", spec.name, " needs ",
                                                   spec.arguments, SeeHelp(spec)));
  }
  if (count > spec.max_positionals) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", parsed.positionals_[spec.max_positionals],
                     "\" for chancery ", spec.name, SeeHelp(spec)));
  }
  return parsed;
}

std::string HelpText(const CommandSpec& spec) {
  std::string text = absl::StrCat("usage: chancery ", spec.name, " ", spec.arguments, "\n\n",
                                  spec.summary, "\n");
  if (!spec.flags.empty()) {
    absl::StrAppend(&text, "\nflags:\n");
    AppendFlagLines(spec.flags, text);
  }
  absl::StrAppend(&text, "\nglobal flags:\n");
  AppendFlagLines(GlobalFlags(), text);
  return text;
}

}  // namespace chancery::cli
