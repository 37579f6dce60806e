// chancery-restore: puts a backup (chancery backup FILE) in place as a new
// SQLite store, once its chain and SQLite's integrity check pass
// (docs/contract.md, "chancery-restore").
//
//   chancery-restore --from=chancery-2024-05-01.backup --to=sqlite:/var/lib/chancery/chancery.db

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/file_sync.h"
#include "eventstore/backup.h"
#include "eventstore/open_event_store.h"
#include "services/migrate/offline_tool.h"

namespace {

namespace fs = std::filesystem;
using chancery::offline::Fail;

constexpr char kUsage[] = R"(usage: chancery-restore --from=FILE --to=sqlite:PATH

Restores a backup that chancery backup wrote to FILE as a new SQLite store at PATH. PATH must
not exist: stop the chanceryd that serves it and move it (and its -wal and -shm files) aside
first. FILE is copied beside PATH, its hash chain is verified from position 1 to its last
record and SQLite checks its integrity; only then is the copy renamed to PATH. A backup that
fails a check leaves nothing at PATH. To move a backup into PostgreSQL instead, run
chancery-migrate --from=sqlite:FILE --to=postgresql://...

Exit codes: 0 restored and verified; 1 the backup does not verify (its chain breaks, it is
truncated or damaged, it is not a Chancery database) or the restore failed; 2 a bad flag, a
FILE that cannot be read, a PATH that exists.
)";

constexpr chancery::offline::Tool kTool = {"chancery-restore", kUsage};
constexpr absl::string_view kSqlite = "sqlite:";

absl::Status ErrnoError(absl::string_view what, const std::string& path) {
  return absl::InternalError(absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(errno)));
}

// Removes the copy being checked, and what SQLite keeps beside it, unless it
// was put in place.
class Copy {
 public:
  explicit Copy(std::string path) : path_(std::move(path)) {}
  ~Copy() {
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path_ + suffix).c_str());
  }
  Copy(const Copy&) = delete;
  Copy& operator=(const Copy&) = delete;

  const std::string& path() const { return path_; }

  // Fill copies `from` here and syncs it.
  absl::Status Fill(const std::string& from) {
    std::error_code error;
    fs::copy_file(from, path_, fs::copy_options::overwrite_existing, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("cannot copy ", from, " to ", path_, ": ", error.message()));
    }
    const int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    const bool synced = fd >= 0 && fsync(fd) == 0;
    if (fd >= 0) close(fd);
    return synced ? absl::OkStatus() : ErrnoError("sync", path_);
  }

  // Rename gives the copy the name `to`, which must still be free. The store
  // closed cleanly, so its -wal and -shm hold nothing and go.
  absl::Status Rename(const std::string& to) {
    std::error_code error;
    if (fs::exists(path_ + "-wal") && fs::file_size(path_ + "-wal", error) != 0) {
      return absl::InternalError(
          absl::StrCat(path_, "-wal still holds commits after a clean close"));
    }
    if (link(path_.c_str(), to.c_str()) != 0) return ErrnoError("rename the restored copy to", to);
    return chancery::SyncDirectoryOf(to);
  }

 private:
  const std::string path_;
};

// Checked: the copy's chain verifies to its last record, SQLite finds it
// whole, and it opens as a store. Errors name the backup, not the copy.
absl::StatusOr<chancery::eventstore::VerifyResult> Check(const Copy& copy,
                                                         const std::string& from) {
  const auto named = [&](const absl::Status& status) {
    return absl::DataLossError(
        absl::StrCat(absl::StrReplaceAll(status.message(), {{copy.path(), from}}),
                     "; nothing was restored"));
  };
  absl::StatusOr<chancery::eventstore::VerifyResult> chain =
      chancery::eventstore::CheckBackup(copy.path());
  if (!chain.ok()) return named(chain.status());
  if (!chain->ok()) {
    return absl::DataLossError(absl::StrCat(from, ": the chain breaks at position ",
                                            chain->first_bad_position, "; nothing was restored"));
  }
  // The store's own open: the schema of this build, and a clean close.
  auto store = chancery::eventstore::OpenEventStore(absl::StrCat(kSqlite, copy.path()),
                                                    chancery::eventstore::Durability::kFull);
  if (!store.ok()) return named(store.status());
  absl::StatusOr<uint64_t> head = (*store)->HeadPosition();
  if (!head.ok()) return named(head.status());
  if (*head != chain->event_count) {
    return absl::DataLossError(absl::StrCat(from, ": opens with its head at position ", *head,
                                            ", but its chain verifies to ", chain->event_count));
  }
  return chain;
}

}  // namespace

int main(int argc, char** argv) {
  chancery::offline::FromTo flags;
  if (std::optional<int> ended = chancery::offline::ParseFromTo(kTool, argc, argv, flags)) {
    return *ended;
  }
  if (!absl::StartsWith(flags.to, kSqlite) || flags.to.size() == kSqlite.size()) {
    return Fail(kTool, absl::InvalidArgumentError(absl::StrCat(
        "--to=", flags.to, " is not sqlite:PATH; to move a backup into PostgreSQL, run "
        "chancery-migrate --from=sqlite:", flags.from, " --to=postgresql://...")));
  }
  const std::string path = flags.to.substr(kSqlite.size());
  if (access(flags.from.c_str(), R_OK) != 0) {
    return Fail(kTool, absl::FailedPreconditionError(
        absl::StrCat("--from=", flags.from, ": cannot be read: ", std::strerror(errno))));
  }
  for (const std::string& existing : {path, path + "-wal"}) {
    if (fs::exists(existing)) {
      return Fail(kTool, absl::FailedPreconditionError(absl::StrCat(
          existing, " exists: stop the chanceryd that serves it and move the database (with its "
          "-wal and -shm files) aside first; chancery-restore never overwrites one")));
    }
  }
  std::string temporary = absl::StrCat(path, ".restore-XXXXXX");
  const int created = mkstemp(temporary.data());
  if (created < 0) return Fail(kTool, ErrnoError("create a file beside", path));
  close(created);
  Copy copy(temporary);
  if (absl::Status filled = copy.Fill(flags.from); !filled.ok()) return Fail(kTool, filled);
  absl::StatusOr<chancery::eventstore::VerifyResult> chain = Check(copy, flags.from);
  if (!chain.ok()) return Fail(kTool, chain.status());
  if (absl::Status renamed = copy.Rename(path); !renamed.ok()) return Fail(kTool, renamed);
  std::printf("restored %llu records, head %s, to %s\n",
              static_cast<unsigned long long>(chain->event_count),
              absl::BytesToHexString(chain->head_hash).c_str(), path.c_str());
  return 0;
}
