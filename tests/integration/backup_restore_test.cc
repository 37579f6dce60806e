// Backups of a real chanceryd taken while it records (chancery backup), and
// restores (chancery-restore) that put in place only what verifies: the
// restored log is the source's, record for record; a truncated, tampered or
// misplaced restore is refused and leaves nothing behind.

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <regex>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "chancery/v1/operations_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/chanceryd/testing/read_file.h"
#include "services/chanceryd/testing/subprocess.h"
#include "tests/integration/server_fixture.h"

namespace chancery::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

struct ToolRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// The file names in `directory`, sorted.
std::vector<std::string> FilesIn(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The temporary files of backups and restores left in `directory`.
std::vector<std::string> TemporariesIn(const std::string& directory) {
  std::vector<std::string> names;
  for (const std::string& name : FilesIn(directory)) {
    if (absl::StrContains(name, ".backup-") || absl::StrContains(name, ".restore-") ||
        absl::EndsWith(name, ".tmp")) {
      names.push_back(name);
    }
  }
  return names;
}

class BackupRestoreTest : public ServerTest {
 protected:
  ToolRun Run(const std::string& binary, const std::vector<std::string>& args) {
    const std::string out = tools_.File("out");
    const std::string err = tools_.File("err");
    const pid_t pid = Spawn(binary, args, {out, err});
    ToolRun run{WaitWithDeadline(pid, absl::Seconds(120)), ReadFile(out), ReadFile(err)};
    CheckNoSanitizerReport(binary, run.err);
    return run;
  }
  ToolRun Backup(const std::string& file) {
    return Run(CHANCERY_PATH, {"--server=" + server_->address(), "backup", file});
  }
  ToolRun Restore(const std::string& from, const std::string& path) {
    return Run(CHANCERY_RESTORE_PATH, {"--from=" + from, "--to=sqlite:" + path});
  }

  // RecordBatches records batches of 100 events from the first id `first`.
  void RecordBatches(int first, int batches) {
    for (int batch = 0; batch < batches; ++batch) RecordMany(first + batch * 100, 100);
  }

  TempDir tools_;    // The tools' output.
  TempDir backups_;  // Backups.
  TempDir target_;   // Where they are restored.
};

TEST_F(BackupRestoreTest, ABackupUnderLoadRestoresToAnIdenticalVerifyingLog) {
  RecordBatches(0, 20);
  // A writer records throughout the backup, and once more after it.
  std::atomic<bool> backed_up{false};
  std::atomic<int> batches{0};
  std::thread writer([&] {
    while (!backed_up.load()) RecordMany(100000 + batches.fetch_add(1) * 50, 50);
    RecordMany(100000 + batches.fetch_add(1) * 50, 50);
  });
  while (batches.load() == 0) std::this_thread::yield();
  const std::string file = backups_.File("chancery.backup");
  const ToolRun backup = Backup(file);
  backed_up = true;
  writer.join();
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  std::smatch said;
  ASSERT_TRUE(std::regex_match(backup.out, said,
                               std::regex("backed up ([0-9]+) records, head ([0-9a-f]{64}), to " +
                                          file + " \\(([0-9]+) bytes\\)\n")))
      << backup.out;
  const size_t records = std::stoul(said[1]);
  EXPECT_EQ(std::filesystem::file_size(file), std::stoull(said[3]));
  // Nothing of the copy stays beside the database.
  EXPECT_THAT(TemporariesIn(dir_.path()), ElementsAre());

  const std::vector<v1::LogRecord> source = ReadWholeLog();
  ASSERT_GE(source.size(), records + 50) << "the writer recorded after the backup";
  EXPECT_GE(records, 2000u);

  const std::string restored = target_.File("restored.db");
  const ToolRun restore = Restore(file, restored);
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_EQ(restore.out, absl::StrCat("restored ", records, " records, head ",
                                      std::string(said[2]), ", to ", restored, "\n"));
  EXPECT_THAT(FilesIn(target_.path()), ElementsAre("restored.db"));

  // A chanceryd on the restored file serves the source's first records, every field alike.
  auto copy = ChancerydProcess::Start(CHANCERYD_PATH, restored, {});
  ASSERT_NE(copy, nullptr);
  const auto copy_channel = copy->NewChannel();
  const std::vector<v1::LogRecord> log =
      chancery::testing::ReadWholeLog(*v1::EventLogService::NewStub(copy_channel));
  ASSERT_EQ(log.size(), records);
  for (size_t i = 0; i < records; ++i) {
    ASSERT_TRUE(google::protobuf::util::MessageDifferencer::Equals(log[i], source[i]))
        << "position " << i + 1 << ":\n" << log[i].DebugString() << "\n" << source[i].DebugString();
  }
  grpc::ClientContext context;
  v1::VerifyLogResponse verified;
  ASSERT_TRUE(v1::AuditService::NewStub(copy_channel)->VerifyLog(&context, {}, &verified).ok());
  EXPECT_EQ(verified.verified_count(), records);
  EXPECT_EQ(verified.first_bad_position(), 0u);
  EXPECT_EQ(absl::BytesToHexString(verified.head_hash()), std::string(said[2]));
}

TEST_F(BackupRestoreTest, ATruncatedBackupIsRefusedNamingAPositionAndLeavesNothing) {
  RecordBatches(0, 30);
  const std::string file = backups_.File("chancery.backup");
  ASSERT_EQ(Backup(file).exit_code, 0);
  std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);

  const ToolRun restore = Restore(file, target_.File("restored.db"));
  EXPECT_EQ(restore.exit_code, 1) << restore.err;
  EXPECT_THAT(restore.err, MatchesRegex("chancery-restore: .*position [0-9]+.*; nothing was "
                                        "restored\n"));
  EXPECT_THAT(restore.err, HasSubstr(file));
  EXPECT_THAT(FilesIn(target_.path()), ElementsAre());
}

TEST_F(BackupRestoreTest, ATamperedBackupIsRefusedAtTheFirstBadPosition) {
  RecordBatches(0, 3);
  const std::string file = backups_.File("chancery.backup");
  ASSERT_EQ(Backup(file).exit_code, 0);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE events SET payload = x'00' || payload WHERE position = 123",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);

  const ToolRun restore = Restore(file, target_.File("restored.db"));
  EXPECT_EQ(restore.exit_code, 1) << restore.err;
  EXPECT_EQ(restore.err,
            absl::StrCat("chancery-restore: ", file,
                         ": the chain breaks at position 123; nothing was restored\n"));
  EXPECT_THAT(FilesIn(target_.path()), ElementsAre());
}

TEST_F(BackupRestoreTest, ACopyOfAnOlderSchemaVersionIsMigratedAndRestored) {
  RecordBatches(0, 2);
  ASSERT_EQ(server_->Stop(SIGTERM), 0);  // A clean stop leaves the write-ahead log empty.
  const std::string file = backups_.File("version5.db");
  std::filesystem::copy_file(db_path_, file);
  // Schema version 5 had no correlation or causation ids.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "ALTER TABLE events DROP COLUMN correlation_id;"
                         "ALTER TABLE events DROP COLUMN causation_id; PRAGMA user_version = 5",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  const ToolRun restore = Restore(file, target_.File("restored.db"));
  EXPECT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_THAT(restore.out, MatchesRegex("restored 200 records, head [0-9a-f]{64}, to .*\n"));
}

TEST_F(BackupRestoreTest, AnExistingDatabaseOrBackupFileIsNeverOverwritten) {
  RecordBatches(0, 1);
  const std::string file = backups_.File("chancery.backup");
  ASSERT_EQ(Backup(file).exit_code, 0);
  const ToolRun again = Backup(file);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_THAT(again.err, HasSubstr("exists; give --force to replace it"));
  EXPECT_EQ(Run(CHANCERY_PATH, {"--server=" + server_->address(), "backup", file, "--force"})
                .exit_code,
            0);

  const ToolRun restore = Restore(file, db_path_);
  EXPECT_EQ(restore.exit_code, 2);
  EXPECT_THAT(restore.err, HasSubstr(db_path_ + " exists: stop the chanceryd that serves it"));
  EXPECT_THAT(FilesIn(backups_.path()), ElementsAre("chancery.backup"));
}

TEST_F(BackupRestoreTest, AClientThatLeavesMidBackupLeavesNothingAndTheServerServesOn) {
  RecordBatches(0, 50);  // Several chunks.
  auto operations = v1::OperationsService::NewStub(channel_);
  {
    grpc::ClientContext context;
    auto reader = operations->BackupDatabase(&context, {});
    v1::BackupDatabaseResponse message;
    ASSERT_TRUE(reader->Read(&message));
    ASSERT_TRUE(message.has_manifest());
    ASSERT_GT(message.manifest().size_bytes(), 1u << 20);
    ASSERT_TRUE(reader->Read(&message));
    EXPECT_EQ(message.chunk().size(), 1u << 20);
    context.TryCancel();
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  RecordMany(900000, 10);
  const ToolRun backup = Backup(backups_.File("chancery.backup"));
  EXPECT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_THAT(backup.out, HasSubstr("backed up 5010 records"));
  EXPECT_THAT(TemporariesIn(dir_.path()), ElementsAre());
}

}  // namespace
}  // namespace chancery::testing
