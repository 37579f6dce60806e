// chancery backup FILE: a copy of the server's database, taken while it serves.

#include <sys/stat.h>

#include <iostream>
#include <memory>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "chancery/v1/operations_service.pb.h"
#include "clients/cpp/backup_file.h"
#include "clients/cpp/commands.h"
#include "clients/cpp/json_lines.h"
#include "clients/cpp/rpc_error.h"

namespace chancery::cli {
namespace {

int RunBackup(const Context& context, const ParsedArgs& args) {
  const std::string& path = args.positionals()[0];
  const bool replace = args.Has("force");
  struct stat info;
  if (!replace && stat(path.c_str(), &info) == 0) {
    return ReportUsageError(absl::InvalidArgumentError(
        absl::StrCat(path, " exists; give --force to replace it")));
  }
  absl::StatusOr<std::unique_ptr<BackupFile>> file = BackupFile::Create(path);
  if (!file.ok()) return ReportLocalError(file.status());
  Result<Client> client = Connect(context);
  if (!client.ok()) return ReportRpcError(context, client.error());
  std::optional<v1::BackupManifest> manifest;
  absl::Status written;
  const Result<void> streamed = client->BackupDatabase(
      {}, [&](const v1::BackupDatabaseResponse& message) {
        if (message.has_manifest()) {
          manifest = message.manifest();
        } else {
          written = (*file)->Append(message.chunk());
        }
        return written.ok() ? Next::kContinue : Next::kStop;
      });
  if (!written.ok()) return ReportLocalError(written);
  if (!streamed.ok()) return ReportRpcError(context, streamed.error());
  if (!manifest.has_value() || (*file)->size() != manifest->size_bytes()) {
    return ReportLocalError(absl::DataLossError(absl::StrCat(
        "the backup stream ended after ", (*file)->size(), " bytes of ",
        manifest.has_value() ? absl::StrCat(manifest->size_bytes()) : "an unknown number",
        "; nothing was written to ", path)));
  }
  if (absl::Status committed = (*file)->Commit(replace); !committed.ok()) {
    return ReportLocalError(committed);
  }
  if (context.json) {
    PrintJsonLine(*manifest, std::cout);
  } else {
    std::cout << "backed up " << manifest->head_position() << " records, head "
              << absl::BytesToHexString(manifest->head_hash()) << ", to " << path << " ("
              << manifest->size_bytes() << " bytes)" << std::endl;
  }
  return kExitOk;
}

}  // namespace

Command BackupCommand() {
  return {{"backup", "FILE [--force]",
           "Writes a backup of the server's database to FILE, while it serves.\n"
           "The server copies its SQLite database as it is at one moment; FILE appears only\n"
           "once the copy is whole and synced. chancery-restore checks it and puts it in\n"
           "place. A PostgreSQL store is backed up with pg_dump instead. Needs the role admin.",
           {{"force", false, "replace FILE if it exists"}},
           1, 1},
          RunBackup};
}

}  // namespace chancery::cli
