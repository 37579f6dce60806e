// Signed checkpoints and Merkle proofs against a real chanceryd with an
// Ed25519 key made by the test: what GetCheckpoint signs, proofs that
// verify against it, requests refused by field, start-up with a bad key,
// and a log rewritten under a stopped server.

#include <csignal>

#include "common/checkpoint.h"
#include "common/merkle.h"
#include "common/testing/ed25519_keys.h"
#include "gmock/gmock.h"
#include "tests/integration/server_fixture.h"
#include "tests/support/rewrite_log.h"

namespace chancery::testing {
namespace {

using ::testing::HasSubstr;

class CheckpointTest : public ServerTest {
 protected:
  void SetUp() override {
    keys_ = WriteNewKey(dir_.File("log"));
    public_key_ = *ReadEd25519PublicKeyPem(keys_.public_pem);
    StartServer({"--signing-key=" + keys_.private_pem});
  }

  Checkpoint FetchCheckpoint() {
    grpc::ClientContext context;
    v1::GetCheckpointResponse response;
    grpc::Status status = audit_->GetCheckpoint(&context, {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    absl::StatusOr<Checkpoint> checkpoint = OpenCheckpoint(response.checkpoint(), public_key_);
    EXPECT_TRUE(checkpoint.ok()) << checkpoint.status();
    return checkpoint.ok() ? *checkpoint : Checkpoint{};
  }

  grpc::Status Prove(uint64_t position, uint64_t tree_size,
                     v1::GetInclusionProofResponse* response) {
    v1::GetInclusionProofRequest request;
    request.set_position(position);
    request.set_tree_size(tree_size);
    grpc::ClientContext context;
    return audit_->GetInclusionProof(&context, request, response);
  }

  grpc::Status Consistency(uint64_t first, uint64_t second,
                           v1::GetConsistencyProofResponse* response) {
    v1::GetConsistencyProofRequest request;
    request.set_first_size(first);
    request.set_second_size(second);
    grpc::ClientContext context;
    return audit_->GetConsistencyProof(&context, request, response);
  }

  KeyFiles keys_;
  std::string public_key_;
};

TEST_F(CheckpointTest, ACheckpointSignsTheSizeRootAndChainHeadOfTheLog) {
  RecordMany(1, 300);
  const Checkpoint checkpoint = FetchCheckpoint();
  EXPECT_EQ(checkpoint.origin, LogOrigin(public_key_));
  EXPECT_EQ(checkpoint.size, 300u);
  EXPECT_EQ(checkpoint.head_hash, ReadWholeLog().back().hash());
  EXPECT_LE(absl::Now() - checkpoint.time, absl::Minutes(1));
  // Every record's inclusion proof leads from its leaf to the signed root.
  const std::vector<v1::LogRecord> log = ReadWholeLog();
  for (uint64_t position = 1; position <= 300; ++position) {
    v1::GetInclusionProofResponse proof;
    ASSERT_TRUE(Prove(position, 300, &proof).ok());
    EXPECT_EQ(proof.record().hash(), log[position - 1].hash());
    absl::StatusOr<std::string> root = merkle::RootFromInclusionProof(
        position - 1, 300, merkle::LeafHash(proof.leaf()),
        {proof.audit_path().begin(), proof.audit_path().end()});
    ASSERT_TRUE(root.ok()) << root.status();
    ASSERT_EQ(*root, checkpoint.root) << position;
  }
}

TEST_F(CheckpointTest, AConsistencyProofLinksAnOldCheckpointToANewOne) {
  RecordMany(1, 10);
  const Checkpoint old_checkpoint = FetchCheckpoint();
  RecordMany(11, 290);
  const Checkpoint new_checkpoint = FetchCheckpoint();
  ASSERT_EQ(new_checkpoint.size, 300u);
  v1::GetConsistencyProofResponse proof;
  ASSERT_TRUE(Consistency(10, 300, &proof).ok());
  EXPECT_TRUE(merkle::VerifyConsistency(10, 300, old_checkpoint.root, new_checkpoint.root,
                                        {proof.proof().begin(), proof.proof().end()})
                  .ok());
}

TEST_F(CheckpointTest, TheTreeIsRebuiltAfterARestart) {
  RecordMany(1, 40);
  const Checkpoint before = FetchCheckpoint();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  StartServer({"--signing-key=" + keys_.private_pem});
  const Checkpoint after = FetchCheckpoint();
  EXPECT_EQ(after.size, before.size);
  EXPECT_EQ(after.root, before.root);
}

TEST_F(CheckpointTest, BadProofRequestsNameTheFieldAndWhatIsAllowed) {
  RecordMany(1, 5);
  v1::GetInclusionProofResponse inclusion;
  grpc::Status status = Prove(0, 5, &inclusion);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("position"));
  EXPECT_THAT(status.error_message(), HasSubstr("0 is not from 1 to tree_size (5)"));
  status = Prove(6, 5, &inclusion);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("position"));
  status = Prove(1, 0, &inclusion);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("tree_size"));
  status = Prove(1, 6, &inclusion);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(status.error_message(),
              HasSubstr("tree_size 6 is past the head of the log (5); ask for a size from 1 to 5"));

  v1::GetConsistencyProofResponse consistency;
  status = Consistency(0, 5, &consistency);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("first_size"));
  status = Consistency(4, 3, &consistency);
  EXPECT_THAT(BadFields(status), ::testing::ElementsAre("first_size"));
  status = Consistency(2, 9, &consistency);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::OUT_OF_RANGE);
  EXPECT_THAT(status.error_message(), HasSubstr("second_size 9 is past the head of the log (5)"));
  ASSERT_TRUE(Consistency(5, 5, &consistency).ok());
  EXPECT_EQ(consistency.proof_size(), 0);
}

TEST_F(CheckpointTest, ALogRewrittenWithItsChainRecomputedNoLongerExtendsTheCheckpoint) {
  RecordMany(1, 20);
  const Checkpoint checkpoint = FetchCheckpoint();
  ASSERT_EQ(server_->Stop(SIGTERM), 0);
  RewriteLog(db_path_, 7);
  StartServer({"--signing-key=" + keys_.private_pem});
  // The chain alone cannot tell: it was recomputed.
  grpc::ClientContext context;
  v1::VerifyLogResponse verified;
  ASSERT_TRUE(audit_->VerifyLog(&context, {}, &verified).ok());
  EXPECT_EQ(verified.first_bad_position(), 0u);
  // The checkpoint can.
  const Checkpoint now = FetchCheckpoint();
  EXPECT_NE(now.root, checkpoint.root);
  v1::GetConsistencyProofResponse proof;
  ASSERT_TRUE(Consistency(20, 20, &proof).ok());
  EXPECT_FALSE(merkle::VerifyConsistency(20, 20, checkpoint.root, now.root, {}).ok());
  v1::GetInclusionProofResponse inclusion;
  ASSERT_TRUE(Prove(7, 20, &inclusion).ok());
  EXPECT_EQ(inclusion.record().event().summary(), "Rewritten");
  EXPECT_NE(*merkle::RootFromInclusionProof(6, 20, merkle::LeafHash(inclusion.leaf()),
                                            {inclusion.audit_path().begin(),
                                             inclusion.audit_path().end()}),
            checkpoint.root);
}

class NoSigningKeyTest : public ServerTest {};

TEST_F(NoSigningKeyTest, GetCheckpointNamesTheFlag) {
  grpc::ClientContext context;
  v1::GetCheckpointResponse response;
  grpc::Status status = audit_->GetCheckpoint(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("--signing-key=PEM"));
}

TEST(SigningKeyFlagTest, AMissingUnreadableOrNonEd25519KeyStopsTheStart) {
  TempDir dir;
  const KeyFiles rsa = WriteNewKey(dir.File("rsa"), "RSA");
  const KeyFiles ed25519 = WriteNewKey(dir.File("ed"));
  const std::pair<std::string, std::string> cases[] = {
      {dir.File("missing.pem"), "cannot read " + dir.File("missing.pem")},
      {rsa.private_pem, rsa.private_pem + " holds a RSA private key, not an Ed25519 one"},
      {ed25519.public_pem, ed25519.public_pem + " is not a PEM private key"},
  };
  for (const auto& [key, message] : cases) {
    std::string err;
    EXPECT_EQ(RunChanceryd(CHANCERYD_PATH,
                           {"--listen=127.0.0.1:0", "--store=sqlite:" + dir.File("x.db"),
                            "--signing-key=" + key},
                           &err),
              2)
        << key;
    EXPECT_THAT(err, HasSubstr("chanceryd: --signing-key: " + std::string(message))) << err;
  }
}

}  // namespace
}  // namespace chancery::testing
