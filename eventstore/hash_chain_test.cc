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
}

}  // namespace
}  // namespace chancery::eventstore
