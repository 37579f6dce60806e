// Every way a --store path can be unusable gets a clear error naming it.

#include <sqlite3.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "eventstore/sqlite/schema.h"
#include "eventstore/sqlite/sqlite_event_store.h"
#include "eventstore/testing/events.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::eventstore::sqlite {
namespace {

using ::chancery::testing::MakeEvent;
using ::chancery::testing::OneStream;
using ::chancery::testing::TempDir;
using ::testing::AllOf;
using ::testing::HasSubstr;

absl::Status OpenStatus(const std::string& path) {
  return SqliteEventStore::Open({path, Durability::kFull}).status();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

void RunSql(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// Makes a store with a few events at `path`, then closes it.
void MakeStore(const std::string& path) {
  auto store = SqliteEventStore::Open({path, Durability::kFull});
  ASSERT_TRUE(store.ok()) << store.status();
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE((*store)
                    ->Append(OneStream("KHM-USA", ExpectedRevision::Any(),
                                       {MakeEvent(absl::StrCat("e", i), std::string(500, 'x'))}))
                    .ok());
  }
}

// A directory where nobody may write, root included: a read-only tmpfs
// when running as root (root ignores permission bits), mode 0555 otherwise.
class ReadOnlyDir {
 public:
  explicit ReadOnlyDir(const std::string& path) : path_(path) {
    mounted_ = geteuid() == 0 && mount("chancery-test", path.c_str(), "tmpfs", 0, nullptr) == 0;
  }
  ~ReadOnlyDir() {
    if (mounted_) umount2(path_.c_str(), MNT_DETACH);
    chmod(path_.c_str(), 0755);
  }
  // Seal makes the directory read-only from now on.
  bool Seal() {
    if (mounted_) {
      return mount(nullptr, path_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0;
    }
    return geteuid() != 0 && chmod(path_.c_str(), 0555) == 0;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST(OpenErrorsTest, MissingDirectory) {
  TempDir dir;
  std::string path = dir.File("no/such/dir/chancery.db");
  EXPECT_EQ(OpenStatus(path),
            absl::FailedPreconditionError(absl::StrCat(
                "sqlite:", path, ": directory ", dir.File("no/such/dir"),
                " does not exist; create it first")));
}

TEST(OpenErrorsTest, NewFileInAReadOnlyDirectory) {
  TempDir dir;
  ReadOnlyDir read_only(dir.path());
  ASSERT_TRUE(read_only.Seal()) << "cannot make a read-only directory here";
  std::string path = dir.File("chancery.db");
  absl::Status status = OpenStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(status.message(), HasSubstr("sqlite:" + path));
}

TEST(OpenErrorsTest, ExistingFileInAReadOnlyDirectory) {
  TempDir dir;
  ReadOnlyDir read_only(dir.path());
  std::string path = dir.File("chancery.db");
  MakeStore(path);
  ASSERT_TRUE(read_only.Seal()) << "cannot make a read-only directory here";
  absl::Status status = OpenStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(status.message(), AllOf(HasSubstr("sqlite:" + path), HasSubstr("read-only")));
}

TEST(OpenErrorsTest, NotAnSqliteFile) {
  TempDir dir;
  std::string path = dir.File("notes.txt");
  WriteFile(path, std::string(8192, 'n'));
  absl::Status status = OpenStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("sqlite:" + path), HasSubstr("file is not a database")));
  std::ifstream unchanged(path, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(unchanged), {}), std::string(8192, 'n'));
}

TEST(OpenErrorsTest, AnotherApplicationsDatabase) {
  TempDir dir;
  std::string path = dir.File("other.db");
  RunSql(path, "CREATE TABLE contacts (name TEXT)");
  absl::Status status = OpenStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), AllOf(HasSubstr("sqlite:" + path),
                                      HasSubstr("not a Chancery event log")));
}

TEST(OpenErrorsTest, AnotherApplicationId) {
  TempDir dir;
  std::string path = dir.File("other.db");
  RunSql(path, "PRAGMA application_id = 42; CREATE TABLE t (x)");
  EXPECT_THAT(OpenStatus(path).message(), HasSubstr("not a Chancery event log (application_id 42)"));
}

TEST(OpenErrorsTest, ANewerSchema) {
  TempDir dir;
  std::string path = dir.File("chancery.db");
  MakeStore(path);
  RunSql(path, "PRAGMA user_version = 99");
  EXPECT_EQ(OpenStatus(path),
            absl::FailedPreconditionError(absl::StrCat(
                "sqlite:", path, ": has schema version 99, newer than this build's ", kSchemaVersion,
                "; run a newer chanceryd")));
}

TEST(OpenErrorsTest, ACorruptHeader) {
  TempDir dir;
  std::string path = dir.File("chancery.db");
  MakeStore(path);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(0);
  file.write("garbage garbage!", 16);  // The magic string.
  file.close();
  absl::Status status = OpenStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr("sqlite:" + path));
}

TEST(OpenErrorsTest, ACorruptSchemaPage) {
  TempDir dir;
  std::string path = dir.File("chancery.db");
  MakeStore(path);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(100);  // The b-tree header of page 1, which holds the schema.
  file.write("\xff\xff\xff\xff\xff\xff\xff\xff", 8);
  file.close();
  absl::Status status = OpenStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss) << status;
  EXPECT_THAT(status.message(), HasSubstr("sqlite:" + path));
}

TEST(OpenErrorsTest, AFileAlreadyInUse) {
  TempDir dir;
  std::string path = dir.File("chancery.db");
  auto first = SqliteEventStore::Open({path, Durability::kFull});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(OpenStatus(path),
            absl::FailedPreconditionError(absl::StrCat(
                "sqlite:", path, ": is in use by another chanceryd; stop it or use another --store")));
}

TEST(OpenErrorsTest, ADirectoryInsteadOfAFile) {
  TempDir dir;
  absl::Status status = OpenStatus(dir.path());
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(status.message(), HasSubstr("sqlite:" + dir.path()));
}

}  // namespace
}  // namespace chancery::eventstore::sqlite
