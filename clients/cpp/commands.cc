#include "clients/cpp/commands.h"

namespace chancery::cli {

const std::vector<Command>& AllCommands() {
  static const auto* commands = new std::vector<Command>{
      HealthCommand(),   RecordCommand(),      ObserveCommand(),     ImportCommand(),
      RelationCommand(),
      RelationsCommand(), TimelineCommand(),   WatchCommand(),       LogCommand(),
      RetractCommand(),  AuditVerifyCommand(), AuditReplayCommand(), AuditExportCommand(),
      AuditCheckpointCommand(), AuditProveCommand(), GroupCreateCommand(),
      GroupListCommand(),       GroupDescribeCommand(), GroupResetCommand(),
      GroupDeleteCommand(),     GroupParkedCommand(),   GroupReplayCommand(),
      GroupConsumeCommand(),    BackupCommand(),
  };
  return *commands;
}

}  // namespace chancery::cli
