// chanceryd's security end to end: bearer tokens and roles, TLS, mutual
// TLS, reloads on SIGHUP and start-up refusals, against a real chanceryd
// with certificates made here (test_pki.h).

#include <grpcpp/grpcpp.h>
#include <openssl/sha.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "chancery/client.h"
#include "chancery/v1/event_log_service.grpc.pb.h"
#include "chancery/v1/relations_service.grpc.pb.h"
#include "eventstore/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "health/v1/health.grpc.pb.h"
#include "services/chanceryd/testing/chanceryd_process.h"
#include "tests/integration/test_events.h"
#include "services/chanceryd/testing/test_pki.h"

namespace chancery {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::TestEvent;
using testing::TestUuid;

CallOptions Timeout() {
  CallOptions options;
  options.timeout = absl::Seconds(20);
  return options;
}

v1::RecordEventsRequest OneEvent(int id) {
  v1::RecordEventsRequest request;
  *request.add_events() = TestEvent(TestUuid(id));
  return request;
}

// TokenLine: the tokens file's line for `token`.
std::string TokenLine(absl::string_view token, absl::string_view principal_and_roles) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest);
  return absl::StrCat(
      "sha256:",
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest)),
      " ", principal_and_roles, "\n");
}

void WriteFile(const std::string& path, const std::string& text, mode_t mode = 0600) {
  std::ofstream(path, std::ios::trunc) << text;
  chmod(path.c_str(), mode);
}

grpc::StatusCode HealthCheck(const std::shared_ptr<grpc::Channel>& channel) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&context, {}, &response).error_code();
}

// Reflection lists the services, with `token` if not empty.
grpc::StatusCode ListServices(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& token) {
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  stream->Write(request);
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  while (stream->Read(&response)) {
  }
  return stream->Finish().error_code();
}

class TokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(tokens_, TokenLine("rec-token", "ingest recorder,reader") +
                           TokenLine("read-token", "viewer reader") +
                           TokenLine("admin-token", "ops admin"));
    Start({});
  }
  void Start(std::vector<std::string> flags) {
    flags.push_back("--tokens=" + tokens_);
    server_ = testing::ChancerydProcess::Start(CHANCERYD_PATH, dir_.File("chancery.db"), flags);
    ASSERT_NE(server_, nullptr);
  }
  Client As(const std::string& token) const {
    Security security;
    security.token = token;
    return Client(server_->address(), security);
  }

  chancery::testing::TempDir dir_;
  std::string tokens_ = dir_.File("tokens");
  std::unique_ptr<testing::ChancerydProcess> server_;
};

TEST_F(TokensTest, SaysWhoMayCallAtStartUp) {
  EXPECT_THAT(server_->Stderr(),
              HasSubstr(absl::StrCat("chanceryd: plaintext, tokens from ", tokens_,
                                     "; reflection needs a token")));
}

TEST_F(TokensTest, AMissingOrUnknownTokenIsUnauthenticated) {
  Result<v1::RecordEventsResponse> none = As("").RecordEvents(OneEvent(1), Timeout());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(none.error().message(),
              AllOf(HasSubstr("RecordEvents needs a token"), HasSubstr("authorization: Bearer")));

  Result<v1::RecordEventsResponse> unknown = As("guess").RecordEvents(OneEvent(1), Timeout());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(unknown.error().message(), HasSubstr("not one this server knows"));
}

TEST_F(TokensTest, AMalformedAuthorizationIsUnauthenticated) {
  auto stub = v1::RelationsService::NewStub(
      grpc::CreateChannel(server_->address(), grpc::experimental::LocalCredentials(LOCAL_TCP)));
  for (const char* value : {"rec-token", "Basic cmVjLXRva2Vu", "Bearer"}) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", value);
    v1::RecordEventsResponse response;
    grpc::Status status = stub->RecordEvents(&context, OneEvent(1), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << value;
    EXPECT_THAT(status.error_message(), HasSubstr("Bearer <token>")) << value;
  }
  // The scheme's case does not matter (RFC 7235).
  grpc::ClientContext context;
  context.AddMetadata("authorization", "bearer rec-token");
  v1::RecordEventsResponse response;
  EXPECT_TRUE(stub->RecordEvents(&context, OneEvent(1), &response).ok());
}

TEST_F(TokensTest, AnExpiredTokenIsUnauthenticated) {
  WriteFile(tokens_, TokenLine("old-token", "temp reader expires=2020-01-01T00:00:00Z"));
  server_->Stop(SIGTERM);
  Start({});
  Result<uint64_t> head = As("old-token").HeadPosition(Timeout());
  ASSERT_FALSE(head.ok());
  EXPECT_EQ(head.error().code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(head.error().message(),
              HasSubstr("the token of principal temp expired at 2020-01-01T00:00:00Z"));
}

TEST_F(TokensTest, ARoleTheCallDoesNotNeedIsPermissionDeniedNamingTheRole) {
  Result<v1::RecordEventsResponse> reader = As("read-token").RecordEvents(OneEvent(1), Timeout());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(reader.error().message(),
              AllOf(HasSubstr("RecordEvents needs the role recorder"),
                    HasSubstr("principal viewer has reader")));

  v1::RetractEventRequest retract;
  retract.set_event_id(TestUuid(1));
  retract.set_reason("test");
  Result<v1::RetractEventResponse> recorder = As("rec-token").RetractEvent(retract, Timeout());
  ASSERT_FALSE(recorder.ok());
  EXPECT_EQ(recorder.error().code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(recorder.error().message(), HasSubstr("needs the role retractor"));

  Result<v1::VerifyLogResponse> audit = As("read-token").VerifyLog({}, Timeout());
  ASSERT_FALSE(audit.ok());
  EXPECT_THAT(audit.error().message(), HasSubstr("VerifyLog needs the role auditor"));
}

TEST_F(TokensTest, EachRoleDoesWhatItAllowsAndAdminEverything) {
  ASSERT_TRUE(As("rec-token").RecordEvents(OneEvent(1), Timeout()).ok());
  Result<uint64_t> head = As("read-token").HeadPosition(Timeout());
  ASSERT_TRUE(head.ok()) << head.error();
  EXPECT_EQ(*head, 1u);
  const Client admin = As("admin-token");
  ASSERT_TRUE(admin.RecordEvents(OneEvent(2), Timeout()).ok());
  v1::RetractEventRequest retract;
  retract.set_event_id(TestUuid(2));
  retract.set_reason("reported twice");
  EXPECT_TRUE(admin.RetractEvent(retract, Timeout()).ok());
  Result<v1::VerifyLogResponse> verified = admin.VerifyLog({}, Timeout());
  ASSERT_TRUE(verified.ok()) << verified.error();
}

TEST_F(TokensTest, OnlyAnAdminMayBackUpTheDatabase) {
  size_t messages = 0;
  const auto count = [&messages](const v1::BackupDatabaseResponse&) {
    ++messages;
    return Next::kContinue;
  };
  for (const char* token : {"read-token", "rec-token"}) {
    Result<void> refused = As(token).BackupDatabase({}, count, Timeout());
    ASSERT_FALSE(refused.ok()) << token;
    EXPECT_EQ(refused.error().code(), grpc::StatusCode::PERMISSION_DENIED) << token;
    EXPECT_THAT(refused.error().message(), HasSubstr("BackupDatabase needs the role admin"));
  }
  EXPECT_EQ(messages, 0u);
  Result<void> backup = As("admin-token").BackupDatabase({}, count, Timeout());
  ASSERT_TRUE(backup.ok()) << backup.error();
  EXPECT_GE(messages, 2u);  // The manifest and the copy.
}

TEST_F(TokensTest, EachRecordKeepsWhoRecordedItInsideTheChain) {
  ASSERT_TRUE(As("rec-token").RecordEvents(OneEvent(1), Timeout()).ok());
  v1::RetractEventRequest retract;
  retract.set_event_id(TestUuid(1));
  retract.set_reason("reported in error");
  ASSERT_TRUE(As("admin-token").RetractEvent(retract, Timeout()).ok());
  v1::ReadLogRequest read;
  read.set_page_size(10);
  Result<v1::ReadLogResponse> log = As("read-token").ReadLog(read, Timeout());
  ASSERT_TRUE(log.ok()) << log.error();
  ASSERT_EQ(log->records_size(), 2);
  EXPECT_EQ(log->records(0).recorded_by(), "ingest");
  EXPECT_EQ(log->records(1).recorded_by(), "ops");
  Result<v1::VerifyLogResponse> verified = As("admin-token").VerifyLog({}, Timeout());
  ASSERT_TRUE(verified.ok()) << verified.error();
  EXPECT_EQ(verified->verified_count(), 2u);
  EXPECT_EQ(verified->first_bad_position(), 0u);
}

TEST_F(TokensTest, NothingRefusedReachesTheLog) {
  for (const char* token : {"", "guess", "read-token"}) {
    EXPECT_FALSE(As(token).RecordEvents(OneEvent(1), Timeout()).ok()) << token;
  }
  Result<uint64_t> head = As("admin-token").HeadPosition(Timeout());
  ASSERT_TRUE(head.ok()) << head.error();
  EXPECT_EQ(*head, 0u);
}

TEST_F(TokensTest, HealthIsOpenReflectionNeedsAToken) {
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(HealthCheck(channel), grpc::StatusCode::OK);
  EXPECT_EQ(ListServices(channel, ""), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ListServices(channel, "read-token"), grpc::StatusCode::OK);
}

TEST_F(TokensTest, ReflectionOpenServesItWithoutAToken) {
  server_->Stop(SIGTERM);
  Start({"--reflection=open"});
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(ListServices(channel, ""), grpc::StatusCode::OK);
  EXPECT_EQ(As("").HeadPosition(Timeout()).error().code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TokensTest, SighupReloadsTheTokensFile) {
  const Client viewer = As("read-token");
  ASSERT_TRUE(viewer.HeadPosition(Timeout()).ok());
  // The viewer's token is revoked, a new one added.
  WriteFile(tokens_, TokenLine("admin-token", "ops admin") + TokenLine("new-token", "new reader"));
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (viewer.HeadPosition(Timeout()).ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(viewer.HeadPosition(Timeout()).error().code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(As("new-token").HeadPosition(Timeout()).ok());
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: SIGHUP: tokens reloaded"));

  // A file that does not parse leaves the tokens as they are.
  WriteFile(tokens_, "sha256:nothex new reader\n");
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  while (server_->Stderr().find("tokens kept") == std::string::npos && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: SIGHUP: tokens kept: --tokens="));
  EXPECT_TRUE(As("new-token").HeadPosition(Timeout()).ok());
}

// TLS: a CA and a server certificate for 127.0.0.1; a second CA, and client
// certificates from each.
class TlsTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> flags) {
    flags.push_back("--tls-cert=" + server_cert_.cert);
    flags.push_back("--tls-key=" + server_cert_.key);
    server_ = testing::ChancerydProcess::Start(CHANCERYD_PATH, dir_.File("chancery.db"), flags);
    ASSERT_NE(server_, nullptr);
  }
  Security Trusting(const testing::CertificateFiles& ca) const {
    Security security;
    security.tls_ca_pem = testing::ReadPem(ca.cert);
    return security;
  }
  Security WithClientCertificate(Security security, const testing::CertificateFiles& client) {
    security.tls_cert_pem = testing::ReadPem(client.cert);
    security.tls_key_pem = testing::ReadPem(client.key);
    return security;
  }
  Result<uint64_t> HeadWith(const Security& security) const {
    return Client(server_->address(), security).HeadPosition(Timeout());
  }

  chancery::testing::TempDir dir_;
  testing::TestPki pki_{dir_.path()};
  testing::CertificateFiles ca_ = pki_.MakeCa("ca");
  testing::CertificateFiles other_ca_ = pki_.MakeCa("other-ca");
  testing::CertificateFiles server_cert_ =
      pki_.Issue(ca_, "server", "localhost", {"DNS:localhost", "IP:127.0.0.1"});
  std::unique_ptr<testing::ChancerydProcess> server_;
};

TEST_F(TlsTest, ServesTlsToAClientTrustingItsCa) {
  Start({});
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: TLS, open"));
  const Client client(server_->address(), Trusting(ca_));
  ASSERT_TRUE(client.RecordEvents(OneEvent(1), Timeout()).ok());
  Result<uint64_t> head = client.HeadPosition(Timeout());
  ASSERT_TRUE(head.ok()) << head.error();
  EXPECT_EQ(*head, 1u);
}

TEST_F(TlsTest, RefusesPlaintextAndAnotherCasServer) {
  Start({});
  EXPECT_EQ(HeadWith(Security{}).error().code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(HeadWith(Trusting(other_ca_)).error().code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, ATlsClientCannotTalkToAPlaintextServer) {
  server_ = testing::ChancerydProcess::Start(CHANCERYD_PATH, dir_.File("chancery.db"));
  ASSERT_NE(server_, nullptr);
  EXPECT_EQ(HeadWith(Trusting(ca_)).error().code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, MutualTlsNeedsACertificateFromTheClientCa) {
  const testing::CertificateFiles client = pki_.Issue(ca_, "client", "ingest-service");
  const testing::CertificateFiles stranger = pki_.Issue(other_ca_, "stranger", "ingest-service");
  Start({"--tls-client-ca=" + ca_.cert});
  EXPECT_THAT(server_->Stderr(), HasSubstr("chanceryd: mutual TLS (client certificates required)"));
  EXPECT_EQ(HeadWith(Trusting(ca_)).error().code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(HeadWith(WithClientCertificate(Trusting(ca_), stranger)).error().code(),
            grpc::StatusCode::UNAVAILABLE);
  Result<uint64_t> head = HeadWith(WithClientCertificate(Trusting(ca_), client));
  EXPECT_TRUE(head.ok()) << head.error();

  // Without tokens, the certificate's subject is who recorded.
  const Client ingest(server_->address(), WithClientCertificate(Trusting(ca_), client));
  ASSERT_TRUE(ingest.RecordEvents(OneEvent(1), Timeout()).ok());
  Result<v1::ReadLogResponse> log = ingest.ReadLog({}, Timeout());
  ASSERT_TRUE(log.ok()) << log.error();
  ASSERT_EQ(log->records_size(), 1);
  EXPECT_THAT(log->records(0).recorded_by(), HasSubstr("CN=ingest-service"));
}

TEST_F(TlsTest, TokensOverTls) {
  WriteFile(dir_.File("tokens"), TokenLine("rec-token", "ingest recorder"));
  Start({"--tokens=" + dir_.File("tokens")});
  Security security = Trusting(ca_);
  EXPECT_EQ(HeadWith(security).error().code(), grpc::StatusCode::UNAUTHENTICATED);
  security.token = "rec-token";
  EXPECT_TRUE(Client(server_->address(), security).RecordEvents(OneEvent(1), Timeout()).ok());
  EXPECT_EQ(HeadWith(security).error().code(), grpc::StatusCode::PERMISSION_DENIED);
}

// A list of replicas names no one server: TLS checks its first address's
// host, or the name the client gives, which every replica's certificate
// must carry.
TEST_F(TlsTest, AListOfReplicasIsCheckedAgainstItsFirstHostOrTheNameGiven) {
  Start({});
  auto second = testing::ChancerydProcess::Start(
      CHANCERYD_PATH, dir_.File("second.db"),
      {"--tls-cert=" + server_cert_.cert, "--tls-key=" + server_cert_.key});
  ASSERT_NE(second, nullptr);
  const std::string servers = server_->address() + "," + second->address();
  auto head = [&](const std::string& name) {
    Security security = Trusting(ca_);
    security.tls_server_name = name;
    return Client(servers, security).HeadPosition(Timeout());
  };
  Result<uint64_t> first_host = head("");
  EXPECT_TRUE(first_host.ok()) << first_host.error();
  Result<uint64_t> named = head("localhost");
  EXPECT_TRUE(named.ok()) << named.error();
  EXPECT_EQ(head("elsewhere.example").error().code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, SighupReloadsCertificatesWithoutDroppingConnections) {
  Start({});
  const Client before(server_->address(), Trusting(ca_));
  ASSERT_TRUE(before.HeadPosition(Timeout()).ok());

  // The certificate is replaced by one from another CA.
  const testing::CertificateFiles renewed =
      pki_.Issue(other_ca_, "renewed", "localhost", {"DNS:localhost", "IP:127.0.0.1"});
  WriteFile(server_cert_.cert, testing::ReadPem(renewed.cert));
  WriteFile(server_cert_.key, testing::ReadPem(renewed.key));
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  // gRPC takes the new certificate within its watch interval (a second).
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!HeadWith(Trusting(other_ca_)).ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_TRUE(HeadWith(Trusting(other_ca_)).ok());
  EXPECT_EQ(HeadWith(Trusting(ca_)).error().code(), grpc::StatusCode::UNAVAILABLE);
  // The connection made before the reload is still open and serving.
  EXPECT_TRUE(before.HeadPosition(Timeout()).ok());
  EXPECT_THAT(server_->Stderr(), HasSubstr("SIGHUP: certificates reloaded"));

  // A key that is not the certificate's is refused, and the renewed pair stays.
  WriteFile(server_cert_.key, testing::ReadPem(ca_.key));
  ASSERT_EQ(kill(server_->pid(), SIGHUP), 0);
  while (server_->Stderr().find("certificates kept") == std::string::npos &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(server_->Stderr(), HasSubstr("is not the key of the certificate"));
  absl::SleepFor(absl::Seconds(2));  // Past the watch interval: nothing changed.
  EXPECT_TRUE(HeadWith(Trusting(other_ca_)).ok());
}

// Limits per caller, end to end.
class LimitsTest : public TokensTest {
 protected:
  void SetUp() override {
    TokensTest::SetUp();
    server_->Stop(SIGTERM);
  }
};

TEST_F(LimitsTest, AWriterPastItsRateIsToldWhenToRetryAndOthersAreNot) {
  Start({"--write-rate=3"});
  const Client ingest = As("rec-token");
  int refused = 0;
  for (int i = 1; i <= 10; ++i) {
    Result<v1::RecordEventsResponse> recorded = ingest.RecordEvents(OneEvent(i), Timeout());
    if (recorded.ok()) continue;
    ++refused;
    EXPECT_EQ(recorded.error().code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_THAT(recorded.error().message(), HasSubstr("ingest made more than 3 write calls"));
    ASSERT_TRUE(recorded.error().retry_delay().has_value());
    EXPECT_GT(*recorded.error().retry_delay(), absl::ZeroDuration());
  }
  EXPECT_GT(refused, 0);
  // Another principal has a rate of its own.
  EXPECT_TRUE(As("admin-token").RecordEvents(OneEvent(11), Timeout()).ok());
}

TEST_F(LimitsTest, StreamsPerCaller) {
  Start({"--streams-per-caller=1"});
  auto stub = v1::EventLogService::NewStub(
      grpc::CreateChannel(server_->address(), grpc::experimental::LocalCredentials(LOCAL_TCP)));
  grpc::ClientContext first_context;
  first_context.AddMetadata("authorization", "Bearer read-token");
  auto first = stub->SubscribeLog(&first_context, v1::SubscribeLogRequest());
  v1::SubscribeLogResponse message;
  ASSERT_TRUE(first->Read(&message));  // Open: it has said it is caught up.

  grpc::ClientContext second_context;
  second_context.AddMetadata("authorization", "Bearer read-token");
  auto second = stub->SubscribeLog(&second_context, v1::SubscribeLogRequest());
  EXPECT_FALSE(second->Read(&message));
  grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("viewer has 1 streams open"));

  first_context.TryCancel();
  first->Finish();
  // The slot is given back once the first stream is done.
  const absl::Time deadline = absl::Now() + absl::Seconds(20);
  bool reopened = false;
  while (!reopened && absl::Now() < deadline) {
    grpc::ClientContext again_context;
    again_context.AddMetadata("authorization", "Bearer read-token");
    auto again = stub->SubscribeLog(&again_context, v1::SubscribeLogRequest());
    reopened = again->Read(&message);
    again_context.TryCancel();
    again->Finish();
  }
  EXPECT_TRUE(reopened);
}

TEST_F(LimitsTest, AMessageOverTheLimitIsRefusedAndNotRecorded) {
  Start({"--max-message-bytes=2000"});
  v1::RecordEventsRequest request = OneEvent(1);
  request.mutable_events(0)->set_summary(std::string(3000, 'x'));
  Result<v1::RecordEventsResponse> big = As("rec-token").RecordEvents(request, Timeout());
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(*As("admin-token").HeadPosition(Timeout()), 0u);
}

// Start-up refusals: exit 2 with a line that says what to do.
class RefusalsTest : public ::testing::Test {
 protected:
  std::string Refusal(std::vector<std::string> flags) {
    flags.push_back("--store=sqlite:" + dir_.File("chancery.db"));
    std::string err;
    EXPECT_EQ(testing::RunChanceryd(CHANCERYD_PATH, flags, &err), 2) << err;
    return err;
  }
  chancery::testing::TempDir dir_;
  testing::TestPki pki_{dir_.path()};
};

TEST_F(RefusalsTest, PlaintextOnTheNetworkWithoutInsecure) {
  EXPECT_THAT(Refusal({"--listen=0.0.0.0:0"}),
              AllOf(HasSubstr("not a loopback address"), HasSubstr("--insecure")));
}

TEST_F(RefusalsTest, ABadTokensFile) {
  const std::string tokens = dir_.File("tokens");
  WriteFile(tokens, TokenLine("a", "p reader"), 0666);
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tokens=" + tokens}), HasSubstr("chmod o-w"));
  WriteFile(tokens, TokenLine("a", "p reader") + "sha256:0123 p reader\n", 0600);
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tokens=" + tokens}),
              AllOf(HasSubstr("--tokens=" + tokens + " line 2"), HasSubstr("64 hex digits")));
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tokens=" + dir_.File("none")}),
              HasSubstr("No such file"));
}

TEST_F(RefusalsTest, BadCertificatesAndKeys) {
  const testing::CertificateFiles ca = pki_.MakeCa("ca");
  const testing::CertificateFiles server = pki_.Issue(ca, "server", "localhost");
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tls-cert=" + server.cert}),
              HasSubstr("--tls-cert and --tls-key go together"));
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tls-cert=" + server.cert, "--tls-key=" + ca.key}),
              HasSubstr("is not the key of the certificate"));
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tls-cert=" + server.key,
                       "--tls-key=" + server.key}),
              HasSubstr("holds no PEM certificate"));
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tls-cert=" + server.cert,
                       "--tls-key=" + dir_.File("none")}),
              HasSubstr("cannot read it"));
  EXPECT_THAT(Refusal({"--listen=127.0.0.1:0", "--tls-cert=" + server.cert,
                       "--tls-key=" + server.key, "--tls-client-ca=" + server.key}),
              HasSubstr("--tls-client-ca=" + server.key + " holds no PEM certificate"));
}

}  // namespace
}  // namespace chancery
