// chancery audit checkpoint|prove and audit verify --checkpoint, as an
// auditor runs them, against a chanceryd signing with a key the test made.

#include <csignal>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/testing/ed25519_keys.h"
#include "gmock/gmock.h"
#include "tests/cli/cli_fixture.h"
#include "tests/support/rewrite_log.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class CliCheckpointTest : public CliTest {
 protected:
  void SetUp() override {
    keys_ = WriteNewKey(dir_.File("log"));
    StartSigningServer();
  }

  void StartSigningServer() {
    server_ = ChancerydProcess::Start(CHANCERYD_PATH, db_path_,
                                      {"--signing-key=" + keys_.private_pem});
    ASSERT_NE(server_, nullptr) << "chanceryd did not start";
  }

  void RecordSome(int count) {
    for (int i = 0; i < count; ++i) Record("USA", "KHM", "036", "2019-11-26", "Letter");
  }

  // SaveCheckpoint writes the server's checkpoint to a file and returns its path.
  std::string SaveCheckpoint(const std::string& name = "checkpoint.txt") {
    const CliResult result = Chancery({"audit", "checkpoint", "--out", dir_.File(name)});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return dir_.File(name);
  }

  std::string ReadBack(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  CliResult VerifyCheckpoint(const std::string& checkpoint, const std::string& public_key) {
    return Chancery({"audit", "verify", "--checkpoint", checkpoint, "--public-key", public_key});
  }

  CliResult VerifyProof(const std::string& checkpoint, const std::string& proof) {
    return Chancery({"audit", "verify", "--checkpoint", checkpoint, "--public-key",
                     keys_.public_pem, "--proof", proof});
  }

  KeyFiles keys_;
};

TEST_F(CliCheckpointTest, TheLogStillExtendsAnEarlierCheckpoint) {
  RecordSome(3);
  const CliResult printed = Chancery({"audit", "checkpoint"});
  ASSERT_EQ(printed.exit_code, 0) << printed.err;
  EXPECT_THAT(printed.out, StartsWith("chancery/"));
  EXPECT_THAT(printed.out, HasSubstr("\n3\n"));
  const std::string checkpoint = WriteFile("checkpoint.txt", printed.out);
  RecordSome(4);
  const CliResult verified = VerifyCheckpoint(checkpoint, keys_.public_pem);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, StartsWith("ok: the log extends the checkpoint: its first 3 records "
                                       "are unchanged"));
  EXPECT_THAT(verified.out, HasSubstr("it now has 7 records"));

  const CliResult json = Chancery({"--json", "audit", "verify", "--checkpoint", checkpoint,
                                   "--public-key", keys_.public_pem});
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_THAT(json.out, HasSubstr(R"("ok":true)"));
  EXPECT_THAT(json.out, HasSubstr(R"("checkpointSize":3)"));
  EXPECT_THAT(json.out, HasSubstr(R"("size":7)"));
}

TEST_F(CliCheckpointTest, ForgedCheckpointsAreEachRefusedWithTheirReason) {
  RecordSome(3);
  const std::string genuine = ReadBack(SaveCheckpoint());
  const KeyFiles other = WriteNewKey(dir_.File("other"));

  const CliResult altered = VerifyCheckpoint(
      WriteFile("altered.txt", absl::StrReplaceAll(genuine, {{"\n3\n", "\n2\n"}})),
      keys_.public_pem);
  EXPECT_EQ(altered.exit_code, 1);
  EXPECT_THAT(altered.out, HasSubstr("broken: the checkpoint: the checkpoint's signature does "
                                     "not verify"));

  const CliResult other_key = VerifyCheckpoint(dir_.File("checkpoint.txt"), other.public_pem);
  EXPECT_EQ(other_key.exit_code, 1);
  EXPECT_THAT(other_key.out, HasSubstr("the checkpoint is not signed by this public key"));

  const CliResult truncated = VerifyCheckpoint(
      WriteFile("truncated.txt", genuine.substr(0, genuine.find("\n\n") + 1)), keys_.public_pem);
  EXPECT_EQ(truncated.exit_code, 1);
  EXPECT_THAT(truncated.out, HasSubstr("the checkpoint is truncated"));

  const CliResult json = Chancery({"--json", "audit", "verify", "--checkpoint",
                                   dir_.File("altered.txt"), "--public-key", keys_.public_pem});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_THAT(json.out, HasSubstr(R"("ok":false)"));
  EXPECT_THAT(json.out, HasSubstr(R"("problem":"the checkpoint: the checkpoint's signature)"));
}

TEST_F(CliCheckpointTest, ARewrittenLogIsCaughtThoughItsChainVerifies) {
  RecordSome(6);
  const std::string checkpoint = SaveCheckpoint();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  RewriteLog(db_path_, 2);
  StartSigningServer();
  const CliResult chain = Chancery({"audit", "verify"});
  EXPECT_EQ(chain.exit_code, 0) << chain.out;  // The attacker recomputed the chain.
  const CliResult verified = VerifyCheckpoint(checkpoint, keys_.public_pem);
  EXPECT_EQ(verified.exit_code, 1) << verified.out;
  EXPECT_THAT(verified.out, HasSubstr("broken: the log no longer extends the checkpoint: its "
                                      "first 6 records were changed"));
}

TEST_F(CliCheckpointTest, AProofOfOneRecordVerifiesOfflineAndRefusesAlteration) {
  RecordSome(9);
  const std::string checkpoint = SaveCheckpoint();
  const CliResult proved = Chancery({"audit", "prove", "--position", "4", "--checkpoint",
                                     checkpoint, "--out", dir_.File("proof.txt")});
  ASSERT_EQ(proved.exit_code, 0) << proved.err;
  const std::string proof = ReadBack(dir_.File("proof.txt"));
  EXPECT_THAT(proof, StartsWith("chancery inclusion proof v1\nposition 4\ntree-size 9\nleaf "));
  ASSERT_EQ(server_->Stop(SIGTERM), 0);  // Offline from here.

  const CliResult verified = VerifyProof(checkpoint, dir_.File("proof.txt"));
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("ok: position 4 is in the checkpoint's log of 9 records: "
                                      "chancery.v1.DiplomaticEvent "));

  std::vector<std::string> lines = absl::StrSplit(proof, '\n');  // Ends with "".
  const std::string truncated = absl::StrJoin(lines.begin(), lines.end() - 2, "\n") + "\n";
  const CliResult short_proof = VerifyProof(checkpoint, WriteFile("short.txt", truncated));
  EXPECT_EQ(short_proof.exit_code, 1);
  EXPECT_THAT(short_proof.out, HasSubstr("broken: the proof: the proof has 3 hashes; a proof of "
                                         "leaf 4 in a tree of 9 leaves has 4"));

  std::vector<std::string> altered = lines;
  altered[5][0] = altered[5][0] == 'A' ? 'B' : 'A';
  const CliResult bad_hash =
      VerifyProof(checkpoint, WriteFile("altered.txt", absl::StrJoin(altered, "\n")));
  EXPECT_EQ(bad_hash.exit_code, 1);
  EXPECT_THAT(bad_hash.out, HasSubstr("it does not lead to the checkpoint's root"));

  const CliResult cut = VerifyProof(checkpoint, WriteFile("cut.txt", proof.substr(0, 40)));
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_THAT(cut.out, HasSubstr("the proof file is truncated"));
}

TEST_F(CliCheckpointTest, WithoutASigningKeyCheckpointNamesTheFlag) {
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  StartServer();
  const CliResult result = Chancery({"audit", "checkpoint"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(result.err, HasSubstr("--signing-key=PEM"));
}

TEST_F(CliCheckpointTest, UsageErrorsExitTwo) {
  const std::string checkpoint = SaveCheckpoint();
  EXPECT_EQ(Chancery({"audit", "verify", "--checkpoint", checkpoint}).exit_code, 2);
  EXPECT_EQ(Chancery({"audit", "verify", "--public-key", keys_.public_pem}).exit_code, 2);
  EXPECT_EQ(VerifyCheckpoint(checkpoint, dir_.File("missing.pub")).exit_code, 2);
  EXPECT_EQ(Chancery({"audit", "prove", "--checkpoint", checkpoint}).exit_code, 2);
}

}  // namespace
}  // namespace chancery::testing
