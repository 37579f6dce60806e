// The chancery commands. Each is defined in its own *_command.cc file.

#ifndef CHANCERY_CLIENTS_CPP_COMMANDS_H_
#define CHANCERY_CLIENTS_CPP_COMMANDS_H_

#include <vector>

#include "clients/cpp/cli_context.h"
#include "clients/cpp/command_line.h"

namespace chancery::cli {

struct Command {
  CommandSpec spec;
  // Runs the command with parsed arguments; returns the exit code.
  int (*run)(const Context& context, const ParsedArgs& args);
};

Command HealthCommand();
Command RecordCommand();
Command ObserveCommand();
Command ImportCommand();
Command RelationCommand();
Command RelationsCommand();
Command TimelineCommand();
Command WatchCommand();
Command LogCommand();
Command RetractCommand();
Command AuditVerifyCommand();
Command AuditReplayCommand();
Command AuditExportCommand();
Command AuditCheckpointCommand();
Command AuditProveCommand();
Command GroupCreateCommand();
Command GroupListCommand();
Command GroupDescribeCommand();
Command GroupResetCommand();
Command GroupDeleteCommand();
Command GroupParkedCommand();
Command GroupReplayCommand();
Command GroupConsumeCommand();
Command BackupCommand();

// AllCommands lists them in the order of `chancery --help`.
const std::vector<Command>& AllCommands();

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_COMMANDS_H_
