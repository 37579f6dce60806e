#include "eventstore/hash_chain.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace chancery::eventstore {
namespace {

RecordedEvent Letter() {
  RecordedEvent event;
  event.position = 1;
  event.stream = "KHM-USA";
  event.revision = 0;
  event.data = {"e-1", "test.Event", "letter", 1574726400000000};
  event.recorded_time_us = 1574812800000000;
  return event;
}

TEST(HashChainTest, GenesisIsThirtyTwoZeroBytes) {
  EXPECT_EQ(GenesisHash(), std::string(32, '\0'));
}

// The golden values were computed independently (Python's hashlib) from the
// encoding in docs/storage.md; a change here breaks every stored chain.
TEST(HashChainTest, MatchesTheDocumentedEncoding) {
  std::string first = ChainHash(GenesisHash(), Letter());
  EXPECT_EQ(absl::BytesToHexString(first),
            "43ce07a6c37d6f90e5b433892700f88e7839b743da14478ebb35f8fe800d7812");

  RecordedEvent second;
  second.position = 2;
  second.stream = "KHM-USA";
  second.revision = 1;
  second.data = {"e-2", "test.Event", "", -86400000000};  // Before 1970, empty payload.
  second.recorded_time_us = 1574812800000000;
  EXPECT_EQ(absl::BytesToHexString(ChainHash(first, second)),
            "d08dd6c1de320c1a559cb546ef1a21c4a3cec1b619d0cf63f00c812d3b1a6a45");
}

// Who recorded it follows the payload, length-prefixed, only when set: an
// event without it hashes as every event did before principals.
TEST(HashChainTest, WhoRecordedItFollowsThePayloadWhenSet) {
  RecordedEvent event = Letter();
  event.data.recorded_by = "ingest";
  EXPECT_EQ(absl::BytesToHexString(ChainHash(GenesisHash(), event)),
            "ca477826c8aeec79ba11392940209b67560ed62a73125d207e21750463579e3d");
}

// A correlation or causation id brings the recorder too, even when empty, so
// that the number of trailing fields says which they are.
TEST(HashChainTest, CorrelationAndCausationIdsFollowTheRecorderWhenEitherIsSet) {
  RecordedEvent traced = Letter();
  traced.data.correlation_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  traced.data.causation_id = "00f067aa0ba902b7";
  EXPECT_EQ(absl::BytesToHexString(ChainHash(GenesisHash(), traced)),
            "a5d06d121e28ded143cea630b7644a498d63d0357c83a67daf0992c91c13d746");
  RecordedEvent reaction = Letter();
  reaction.data.recorded_by = "ingest";
  reaction.data.causation_id = "e-0";
  EXPECT_EQ(absl::BytesToHexString(ChainHash(GenesisHash(), reaction)),
            "8cf4163a0075b482ebe7418de9724c17f43731fd513bcb7f9ccddd448fa51103");
}

TEST(HashChainTest, EveryFieldChangesTheHash) {
  const std::string original = ChainHash(GenesisHash(), Letter());
  std::vector<void (*)(RecordedEvent&)> changes = {
      [](RecordedEvent& e) { e.position = 2; },
      [](RecordedEvent& e) { e.stream = "KHM-USB"; },
      [](RecordedEvent& e) { e.revision = 1; },
      [](RecordedEvent& e) { e.data.event_id = "e-2"; },
      [](RecordedEvent& e) { e.data.event_type = "test.Other"; },
      [](RecordedEvent& e) { e.data.valid_time_us += 1; },
      [](RecordedEvent& e) { e.recorded_time_us += 1; },
      [](RecordedEvent& e) { e.data.payload = "letteR"; },
      [](RecordedEvent& e) { e.data.recorded_by = "ingest"; },
      [](RecordedEvent& e) { e.data.correlation_id = "c"; },
      [](RecordedEvent& e) { e.data.causation_id = "c"; },
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    RecordedEvent changed = Letter();
    changes[i](changed);
    EXPECT_NE(ChainHash(GenesisHash(), changed), original) << "change " << i;
  }
  EXPECT_NE(ChainHash(std::string(32, '\1'), Letter()), original) << "previous hash";
}

TEST(HashChainTest, FieldBoundariesAreUnambiguous) {
  RecordedEvent a = Letter();
  RecordedEvent b = Letter();
  a.data.event_id = "ab";
  a.data.event_type = "c";
  b.data.event_id = "a";
  b.data.event_type = "bc";
  EXPECT_NE(ChainHash(GenesisHash(), a), ChainHash(GenesisHash(), b));

  RecordedEvent correlated = Letter();
  RecordedEvent caused = Letter();
  correlated.data.correlation_id = "x";
  caused.data.causation_id = "x";
  EXPECT_NE(ChainHash(GenesisHash(), correlated), ChainHash(GenesisHash(), caused));
}

}  // namespace
}  // namespace chancery::eventstore
