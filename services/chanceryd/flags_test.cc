#include "services/chanceryd/flags.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::chanceryd {
namespace {

using ::testing::HasSubstr;

TEST(FlagsTest, DefaultsAreTheContracts) {
  absl::StatusOr<Flags> flags = ParseFlags({});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->listen, "127.0.0.1:50051");
  EXPECT_EQ(flags->store, "sqlite:chancery.db");
  EXPECT_EQ(flags->durability, eventstore::Durability::kFull);
  EXPECT_EQ(flags->port_file, "");
}

TEST(FlagsTest, ReadsEveryFlag) {
  absl::StatusOr<Flags> flags =
      ParseFlags({"--listen=0.0.0.0:0", "--store=sqlite:/tmp/x.db", "--durability=normal",
                  "--port-file=/tmp/port", "--subscriber-buffer=50",
                  "--signing-key=/etc/chancery/checkpoints.pem"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->listen, "0.0.0.0:0");
  EXPECT_EQ(flags->store, "sqlite:/tmp/x.db");
  EXPECT_EQ(flags->durability, eventstore::Durability::kNormal);
  EXPECT_EQ(flags->port_file, "/tmp/port");
  EXPECT_EQ(flags->subscriber_buffer, 50u);
  EXPECT_EQ(flags->signing_key, "/etc/chancery/checkpoints.pem");
}

TEST(FlagsTest, NamesWhatIsWrong) {
  EXPECT_THAT(ParseFlags({"--listen=host"}).status().message(), HasSubstr("--listen=host"));
  EXPECT_THAT(ParseFlags({"--listen=host:70000"}).status().message(), HasSubstr("0 to 65535"));
  EXPECT_THAT(ParseFlags({"--durability=off"}).status().message(), HasSubstr("full, normal"));
  EXPECT_THAT(ParseFlags({"--nope=1"}).status().message(), HasSubstr("unknown flag --nope"));
  EXPECT_THAT(ParseFlags({"--signing-key="}).status().message(),
              HasSubstr("--signing-key needs a PEM file"));
  EXPECT_THAT(ParseFlags({"--listen"}).status().message(), HasSubstr("--name=value"));
  EXPECT_THAT(ParseFlags({"--subscriber-buffer=0"}).status().message(), HasSubstr("positive"));
}

TEST(FlagsTest, Help) {
  EXPECT_TRUE(ParseFlags({"--help"})->help);
  EXPECT_THAT(Usage(), HasSubstr("--durability=full|normal"));
}

}  // namespace
}  // namespace chancery::chanceryd
