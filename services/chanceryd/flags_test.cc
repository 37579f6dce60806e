#include "services/chanceryd/flags.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace chancery::chanceryd {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(FlagsTest, DefaultsAreTheContracts) {
  absl::StatusOr<Flags> flags = ParseFlags({});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(flags->listen, "127.0.0.1:50051");
  EXPECT_EQ(flags->store, "sqlite:chancery.db");
  EXPECT_EQ(flags->durability, eventstore::Durability::kFull);
  EXPECT_EQ(flags->port_file, "");
  EXPECT_EQ(flags->metrics_listen, "");
  EXPECT_EQ(flags->log_format, log::Format::kText);
  EXPECT_FALSE(flags->log_calls);
  EXPECT_EQ(flags->slow_call, absl::Seconds(1));
  EXPECT_EQ(flags->limits.call_deadline, absl::Seconds(60));
}

TEST(FlagsTest, ReadsEveryFlag) {
  absl::StatusOr<Flags> flags =
      ParseFlags({"--listen=0.0.0.0:0", "--store=sqlite:/tmp/x.db", "--durability=normal",
                  "--port-file=/tmp/port", "--subscriber-buffer=50", "--tls-cert=c.pem",
                  "--tls-key=k.pem", "--tls-client-ca=ca.pem", "--tokens=tokens",
                  "--reflection=open", "--signing-key=/etc/chancery/checkpoints.pem",
                  "--call-deadline=1.5s", "--metrics-listen=0.0.0.0:9464", "--log-format=json",
                  "--log-calls", "--slow-call=250ms", "--webhook-ca=ca.pem"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->listen, "0.0.0.0:0");
  EXPECT_EQ(flags->tls_cert, "c.pem");
  EXPECT_EQ(flags->tls_key, "k.pem");
  EXPECT_EQ(flags->tls_client_ca, "ca.pem");
  EXPECT_EQ(flags->tokens, "tokens");
  EXPECT_TRUE(flags->reflection_open);
  EXPECT_FALSE(flags->insecure);
  EXPECT_EQ(flags->store, "sqlite:/tmp/x.db");
  EXPECT_EQ(flags->durability, eventstore::Durability::kNormal);
  EXPECT_EQ(flags->port_file, "/tmp/port");
  EXPECT_EQ(flags->subscriber_buffer, 50u);
  EXPECT_EQ(flags->signing_key, "/etc/chancery/checkpoints.pem");
  EXPECT_EQ(flags->limits.call_deadline, absl::Milliseconds(1500));
  EXPECT_EQ(flags->metrics_listen, "0.0.0.0:9464");
  EXPECT_EQ(flags->log_format, log::Format::kJson);
  EXPECT_TRUE(flags->log_calls);
  EXPECT_EQ(flags->slow_call, absl::Milliseconds(250));
  EXPECT_EQ(flags->webhook_ca, "ca.pem");
}

TEST(FlagsTest, NamesWhatIsWrong) {
  EXPECT_THAT(ParseFlags({"--listen=host"}).status().message(), HasSubstr("--listen=host"));
  EXPECT_THAT(ParseFlags({"--listen=host:70000"}).status().message(), HasSubstr("0 to 65535"));
  EXPECT_THAT(ParseFlags({"--metrics-listen=9464"}).status().message(),
              HasSubstr("--metrics-listen=9464 is not HOST:PORT"));
  EXPECT_THAT(ParseFlags({"--log-format=xml"}).status().message(), HasSubstr("text, json"));
  EXPECT_THAT(ParseFlags({"--slow-call=0s"}).status().message(), HasSubstr("from 1us to 24h"));
  EXPECT_THAT(ParseFlags({"--webhook-ca="}).status().message(), HasSubstr("needs a PEM file"));
  EXPECT_THAT(ParseFlags({"--durability=off"}).status().message(), HasSubstr("full, normal"));
  EXPECT_THAT(ParseFlags({"--nope=1"}).status().message(), HasSubstr("unknown flag --nope"));
  EXPECT_THAT(ParseFlags({"--signing-key="}).status().message(),
              HasSubstr("--signing-key needs a PEM file"));
  EXPECT_THAT(ParseFlags({"--listen"}).status().message(), HasSubstr("--name=value"));
  EXPECT_THAT(ParseFlags({"--subscriber-buffer=0"}).status().message(), HasSubstr("positive"));
  EXPECT_THAT(ParseFlags({"--reflection=closed"}).status().message(), HasSubstr("\"open\""));
  EXPECT_THAT(ParseFlags({"--tokens="}).status().message(), HasSubstr("--tokens needs a path"));
  for (const char* deadline : {"--call-deadline=60", "--call-deadline=0s", "--call-deadline=25h"}) {
    EXPECT_THAT(ParseFlags({deadline}).status().message(), HasSubstr("from 1ms to 24h")) << deadline;
  }
}

TEST(FlagsTest, PlaintextStaysOnLoopbackUnlessInsecure) {
  for (const char* loopback : {"127.0.0.1:0", "127.1.2.3:50051", "localhost:0", "[::1]:0"}) {
    EXPECT_TRUE(ParseFlags({absl::StrCat("--listen=", loopback)}).ok()) << loopback;
  }
  EXPECT_THAT(ParseFlags({"--listen=0.0.0.0:50051"}).status().message(),
              AllOf(HasSubstr("--listen=0.0.0.0:50051 is not a loopback address"),
                    HasSubstr("--insecure")));
  EXPECT_THAT(ParseFlags({"--listen=10.0.0.5:50051"}).status().message(),
              HasSubstr("not a loopback address"));
  absl::StatusOr<Flags> insecure = ParseFlags({"--listen=0.0.0.0:50051", "--insecure"});
  ASSERT_TRUE(insecure.ok()) << insecure.status();
  EXPECT_TRUE(insecure->insecure);
  EXPECT_TRUE(ParseFlags({"--listen=0.0.0.0:0", "--tls-cert=c", "--tls-key=k"}).ok());
}

TEST(FlagsTest, SecurityFlagsThatDoNotGoTogether) {
  EXPECT_THAT(ParseFlags({"--tls-cert=c.pem"}).status().message(),
              HasSubstr("--tls-cert and --tls-key go together"));
  EXPECT_THAT(ParseFlags({"--tls-key=k.pem"}).status().message(),
              HasSubstr("--tls-cert and --tls-key go together"));
  EXPECT_THAT(ParseFlags({"--tls-client-ca=ca.pem"}).status().message(),
              HasSubstr("--tls-client-ca needs --tls-cert and --tls-key"));
  EXPECT_THAT(ParseFlags({"--listen=0.0.0.0:0", "--insecure", "--tokens=t"}).status().message(),
              HasSubstr("would send every token across the network in clear"));
  EXPECT_TRUE(ParseFlags({"--listen=127.0.0.1:0", "--tokens=t"}).ok());
}

TEST(FlagsTest, Help) {
  EXPECT_TRUE(ParseFlags({"--help"})->help);
  EXPECT_THAT(Usage(), HasSubstr("--durability=full|normal"));
}

}  // namespace
}  // namespace chancery::chanceryd
