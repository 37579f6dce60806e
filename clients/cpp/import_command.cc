#include "clients/cpp/commands.h"
namespace chancery::cli {
Command ImportCommand() { return {{"import", "FILE", "todo", {}, 1, 1}, nullptr}; }
}
