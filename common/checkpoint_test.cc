#include "common/checkpoint.h"

#include "absl/strings/str_replace.h"
#include "common/testing/ed25519_keys.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery {
namespace {

using ::testing::HasSubstr;

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    files_ = testing::WriteNewKey(dir_.File("log"));
    key_ = std::make_unique<Ed25519PrivateKey>(*Ed25519PrivateKey::ReadPem(files_.private_pem));
    public_key_ = *ReadEd25519PublicKeyPem(files_.public_pem);
    checkpoint_.origin = LogOrigin(public_key_);
    checkpoint_.size = 1042;
    checkpoint_.root = std::string(32, '\x5a');
    checkpoint_.head_hash = std::string(32, '\x7e');
    checkpoint_.time = absl::FromUnixSeconds(1796595000);
  }

  std::string Signed() { return SignCheckpoint(checkpoint_, *key_); }

  testing::TempDir dir_;
  testing::KeyFiles files_;
  std::unique_ptr<Ed25519PrivateKey> key_;
  std::string public_key_;
  Checkpoint checkpoint_;
};

TEST_F(CheckpointTest, ASignedCheckpointOpensWithItsPublicKey) {
  const std::string note = Signed();
  EXPECT_THAT(note, ::testing::StartsWith(checkpoint_.origin + "\n1042\nWlpa"));
  EXPECT_THAT(note, HasSubstr("\nchain-head 7e7e"));
  EXPECT_THAT(note, HasSubstr("\ntime 2026-12-06T"));
  EXPECT_THAT(note, HasSubstr("Z\n\n\xE2\x80\x94 " + checkpoint_.origin + " "));
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(note, public_key_);
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->origin, checkpoint_.origin);
  EXPECT_EQ(opened->size, 1042u);
  EXPECT_EQ(opened->root, checkpoint_.root);
  EXPECT_EQ(opened->head_hash, checkpoint_.head_hash);
  EXPECT_EQ(opened->time, checkpoint_.time);
}

TEST_F(CheckpointTest, AChangedTextIsRefused) {
  const std::string forged = absl::StrReplaceAll(Signed(), {{"\n1042\n", "\n1041\n"}});
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(forged, public_key_);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(opened.status().message(), HasSubstr("signature does not verify"));
}

TEST_F(CheckpointTest, ACheckpointOfAnotherKeyIsRefused) {
  const testing::KeyFiles other_files = testing::WriteNewKey(dir_.File("other"));
  const std::string other_key = *ReadEd25519PublicKeyPem(other_files.public_pem);
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(Signed(), other_key);
  EXPECT_EQ(opened.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(opened.status().message(),
              HasSubstr("not signed by this public key (" + LogOrigin(other_key)));
}

TEST_F(CheckpointTest, ATruncatedCheckpointIsRefused) {
  const std::string note = Signed();
  // The last cut keeps the blank line but no signature line (found by audit_files_fuzzer).
  for (size_t cut :
       {note.size() - 1, note.find("\n\n") + 1, size_t{20}, note.find("\n\n") + 2}) {
    absl::StatusOr<Checkpoint> opened = OpenCheckpoint(note.substr(0, cut), public_key_);
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kInvalidArgument) << cut;
    EXPECT_THAT(opened.status().message(), HasSubstr("truncated")) << cut;
    EXPECT_FALSE(ReadCheckpointUnverified(note.substr(0, cut)).ok()) << cut;
  }
  // Cut inside the signature: the line is no longer a signature.
  absl::StatusOr<Checkpoint> opened = OpenCheckpoint(note.substr(0, note.size() - 9) + "\n",
                                                     public_key_);
  EXPECT_THAT(opened.status().message(), HasSubstr("signature line"));
}

TEST_F(CheckpointTest, KeysThatAreMissingOrNotEd25519AreRefusedByName) {
  EXPECT_THAT(Ed25519PrivateKey::ReadPem(dir_.File("missing.key")).status().message(),
              HasSubstr("cannot read " + dir_.File("missing.key")));
  EXPECT_THAT(Ed25519PrivateKey::ReadPem(files_.public_pem).status().message(),
              HasSubstr("is not a PEM private key"));
  const testing::KeyFiles rsa = testing::WriteNewKey(dir_.File("rsa"), "RSA");
  EXPECT_THAT(Ed25519PrivateKey::ReadPem(rsa.private_pem).status().message(),
              HasSubstr("holds a RSA private key, not an Ed25519 one"));
  EXPECT_THAT(ReadEd25519PublicKeyPem(rsa.public_pem).status().message(),
              HasSubstr("holds a RSA public key, not an Ed25519 one"));
}

}  // namespace
}  // namespace chancery
