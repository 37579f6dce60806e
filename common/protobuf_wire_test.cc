#include "common/protobuf_wire.h"

#include <set>
#include <string>
#include <vector>

#include "google/protobuf/unknown_field_set.h"
#include "gtest/gtest.h"

namespace chancery::wire {
namespace {

using google::protobuf::UnknownFieldSet;
using google::protobuf::io::CodedInputStream;

// One field of every wire type, a group holding a group among them, each
// serialized on its own so that the boundaries between fields are known.
std::vector<std::string> EveryWireType() {
  std::vector<UnknownFieldSet> fields(6);
  fields[0].AddVarint(1, 300);
  fields[1].AddFixed64(2, 0x0102030405060708);
  fields[2].AddLengthDelimited(3, "bytes");
  fields[3].AddFixed32(4, 7);
  UnknownFieldSet* group = fields[4].AddGroup(5);
  group->AddVarint(1, 1);
  group->AddGroup(2)->AddLengthDelimited(3, "nested");
  fields[5].AddVarint(6, 1);
  std::vector<std::string> serialized(fields.size());
  for (size_t i = 0; i < fields.size(); ++i) EXPECT_TRUE(fields[i].SerializeToString(&serialized[i]));
  return serialized;
}

std::string Joined(const std::vector<std::string>& fields) {
  std::string bytes;
  for (const std::string& field : fields) bytes += field;
  return bytes;
}

CodedInputStream Over(const std::string& bytes) {
  return CodedInputStream(reinterpret_cast<const uint8_t*>(bytes.data()),
                          static_cast<int>(bytes.size()));
}

TEST(SkipFieldTest, SkipsEveryWireTypeToTheEnd) {
  const std::string bytes = Joined(EveryWireType());
  CodedInputStream input = Over(bytes);
  int fields = 0;
  while (const uint32_t tag = input.ReadTag()) {
    ASSERT_TRUE(SkipField(input, tag)) << "field " << FieldNumber(tag);
    ++fields;
  }
  EXPECT_EQ(fields, 6);
  EXPECT_TRUE(input.ConsumedEntireMessage());
}

TEST(SkipFieldTest, FailsOnBytesThatEndInsideAField) {
  const std::vector<std::string> fields = EveryWireType();
  std::set<size_t> boundaries = {0};
  for (const std::string& field : fields) boundaries.insert(*boundaries.rbegin() + field.size());
  const std::string whole = Joined(fields);
  for (size_t cut = 1; cut < whole.size(); ++cut) {
    const std::string bytes = whole.substr(0, cut);
    CodedInputStream input = Over(bytes);
    bool skipped_all = true;
    while (const uint32_t tag = input.ReadTag()) {
      if (!SkipField(input, tag)) {
        skipped_all = false;
        break;
      }
    }
    EXPECT_EQ(skipped_all, boundaries.count(cut) == 1) << "cut at " << cut;
  }
}

TEST(SkipFieldTest, RefusesAnEndGroupWithoutItsStart) {
  const std::string bytes = {static_cast<char>(Tag(5, WireType::kEndGroup))};
  CodedInputStream input = Over(bytes);
  EXPECT_FALSE(SkipField(input, input.ReadTag()));
}

TEST(SkipFieldTest, RefusesAGroupEndedByAnotherGroupsEnd) {
  const std::string bytes = {static_cast<char>(Tag(5, WireType::kStartGroup)),
                             static_cast<char>(Tag(6, WireType::kEndGroup))};
  CodedInputStream input = Over(bytes);
  EXPECT_FALSE(SkipField(input, input.ReadTag()));
}

TEST(SkipFieldTest, RefusesUndefinedWireTypes) {
  for (const uint32_t type : {6u, 7u}) {
    const std::string bytes = {static_cast<char>((1 << 3) | type), 0};
    CodedInputStream input = Over(bytes);
    EXPECT_FALSE(SkipField(input, input.ReadTag())) << "wire type " << type;
  }
}

TEST(SkipFieldTest, NestingIsBoundedByTheStreamsRecursionLimit) {
  const std::string bytes = Joined(EveryWireType());  // Field 5 nests two groups deep.
  CodedInputStream input = Over(bytes);
  input.SetRecursionLimit(1);
  bool failed = false;
  while (const uint32_t tag = input.ReadTag()) {
    if (!SkipField(input, tag)) {
      failed = true;
      EXPECT_EQ(FieldNumber(tag), 5);
      break;
    }
  }
  EXPECT_TRUE(failed);
}

TEST(AppendLengthDelimitedHeaderTest, ProtobufReadsTheFieldBack) {
  const std::string value(300, 'x');  // A length that takes two varint bytes.
  std::string bytes;
  AppendLengthDelimitedHeader(12345, value.size(), bytes);
  bytes += value;
  UnknownFieldSet fields;
  ASSERT_TRUE(fields.ParseFromString(bytes));
  ASSERT_EQ(fields.field_count(), 1);
  EXPECT_EQ(fields.field(0).number(), 12345);
  EXPECT_EQ(fields.field(0).length_delimited(), value);
}

}  // namespace
}  // namespace chancery::wire
