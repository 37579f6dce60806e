// `chancery audit verify --checkpoint`: what `audit verify` does when given
// a signed checkpoint (checkpoint_commands.cc).

#ifndef CHANCERY_CLIENTS_CPP_CHECKPOINT_COMMANDS_H_
#define CHANCERY_CLIENTS_CPP_CHECKPOINT_COMMANDS_H_

#include "clients/cpp/cli_context.h"
#include "clients/cpp/command_line.h"

namespace chancery::cli {

// RunVerifyCheckpoint checks --checkpoint's signature with --public-key,
// then either --proof offline, or that the server's log still extends it.
int RunVerifyCheckpoint(const Context& context, const ParsedArgs& args);

}  // namespace chancery::cli

#endif  // CHANCERY_CLIENTS_CPP_CHECKPOINT_COMMANDS_H_
